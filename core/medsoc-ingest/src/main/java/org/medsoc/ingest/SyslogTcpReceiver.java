package org.medsoc.ingest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.medsoc.ingest.receiver.FrameDecoder;
import org.medsoc.ingest.receiver.RateLimitedLog;
import org.medsoc.ingest.receiver.ReceiverCounters;
import org.medsoc.ingest.receiver.TenantResolver;
import org.medsoc.spi.error.ErrorType;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.Retriable;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

/**
 * A syslog receiver over TCP (RFC 6587) or TLS (RFC 5425), with octet-counting and non-transparent framing detected
 * per frame.
 *
 * <pre>
 * Threads: one platform thread accepts; each connection runs on its own virtual thread, which reads, decodes
 * (FrameDecoder: fixed buffer of max-message-size + 1 bytes per connection) and hands the frames of each read to the
 * sink synchronously. Back-pressure therefore needs no queue: while the sink blocks, the connection does not read,
 * the kernel buffers fill and the sender's writes block. A sink failure of type INSUFFICIENT_RESOURCES (or any
 * Retriable failure) is retried with backoff (100 ms doubling to 2 s) without reading on, so TCP data is never
 * dropped. Other sink failures are defects: the batch is counted as dropped and an error logged.
 *
 * Limits: max-connections (extra connections are closed at once and counted as refused), idle-timeout (SO_TIMEOUT
 * on every read; a silent connection is closed), TLS 1.2/1.3 only, handshake failures counted and logged once per
 * peer address.
 *
 * close() closes the server socket and the raw sockets of all connections (for TLS the plain socket beneath, so a
 * blocked TLS read fails at once), wakes retry waits, and joins threads. Connection threads are never interrupted:
 * the sink may be writing a file and an interrupt would close its channel. A batch still refused by the sink at close
 * is counted as dropped: the only way this receiver loses data it read.
 * </pre>
 */
public final class SyslogTcpReceiver implements Receiver {
    private static final Logger LOG = System.getLogger(SyslogTcpReceiver.class.getName());
    private static final int READ_BUFFER = 64 * 1024;
    private static final int MAX_BATCH = 1024;
    private static final long JOIN_MILLIS = 2000;
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2000;
    private static final int MAX_REMEMBERED_PEERS = 4096;
    private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SyslogConfig config;
    private final MessageSink sink;
    private final @Nullable SSLContext tls;
    private final String kind;
    private final TenantResolver tenants;
    private final ReceiverCounters counters = new ReceiverCounters();
    private final RateLimitedLog log = new RateLimitedLog(LOG, 10_000);
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<String> handshakeFailedPeers = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String name;
    private volatile boolean closed;
    private volatile int boundPort = -1;
    private @Nullable ServerSocket server;
    private @Nullable Thread acceptor;

    private SyslogTcpReceiver(SyslogConfig config, @Nullable SSLContext tls, MessageSink sink) {
        this.config = requireNonNull(config, "config is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.tls = tls;
        this.kind = tls == null ? "syslog-tcp:" : "syslog-tls:";
        this.tenants = new TenantResolver(config.tenant(), config.tenantMappings());
        this.name = kind + config.port();
    }

    /** A plain TCP receiver for {@code config}, not yet bound; call {@link #start()}. */
    public static SyslogTcpReceiver create(SyslogConfig config, MessageSink sink) {
        return new SyslogTcpReceiver(config, null, sink);
    }

    /** A TLS receiver for {@code config} using the server certificate of {@code tls} (see {@link TlsContexts}). */
    public static SyslogTcpReceiver createTls(SyslogConfig config, SSLContext tls, MessageSink sink) {
        return new SyslogTcpReceiver(config, requireNonNull(tls, "tls is null"), sink);
    }

    @Override
    public String name() {
        return name;
    }

    /** The bound port (useful with port 0); -1 before {@link #start()}. */
    public int port() {
        return boundPort;
    }

    @Override
    public synchronized void start() {
        if (closed || server != null) {
            throw new MedsocException(IngestErrorCode.RECEIVER_STATE, name + " was already started or closed");
        }
        ServerSocket ss = null;
        try {
            ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(config.bindAddress(), config.port()), 1024);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ss);
            throw new MedsocException(
                    IngestErrorCode.RECEIVER_BIND_FAILED,
                    "cannot bind syslog " + (tls == null ? "TCP" : "TLS") + " to " + config.bindAddress() + ":"
                            + config.port() + ": " + e + "; choose a free port with "
                            + (tls == null ? "ingest.syslog.port" : "ingest.syslog.tls.port")
                            + " (ports below 1024 need privileges)",
                    e);
        }
        server = ss;
        boundPort = ss.getLocalPort();
        name = kind + boundPort;
        Thread t = Thread.ofPlatform().daemon().name(name + "-acceptor").unstarted(this::acceptLoop);
        acceptor = t;
        t.start();
    }

    @Override
    public ReceiverStats stats() {
        return counters.snapshot(name, 0);
    }

    @Override
    public void close() {
        Thread a;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing.countDown();
            a = acceptor;
            closeQuietly(server);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        SyslogUdpReceiver.join(a, deadline);
        for (Connection c : connections) {
            closeQuietly(c.raw);
        }
        for (Connection c : connections) {
            SyslogUdpReceiver.join(c.thread, deadline);
        }
    }

    private void acceptLoop() {
        ServerSocket ss = requireNonNull(server);
        while (!closed) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                counters.errors.increment();
                log.log(Level.ERROR, "accept", name + ": accept failed: " + e, e);
                awaitClosing(FIRST_BACKOFF_MILLIS); // e.g. out of file descriptors: do not spin
                continue;
            }
            String peer = s.getInetAddress().getHostAddress();
            if (connections.size() >= config.maxConnections()) {
                counters.refused.increment();
                counters.errors.increment();
                log.log(
                        Level.WARNING,
                        "refused",
                        name + ": refused connection from " + peer + ": " + config.maxConnections()
                                + " connections open (ingest.syslog.max-connections)",
                        null);
                abort(s);
                continue;
            }
            Connection c = new Connection(s, peer, tenants.resolve(s.getInetAddress()));
            connections.add(c);
            counters.connections.incrementAndGet();
            counters.connectionsTotal.increment();
            Thread t = Thread.ofVirtual().name(name + "-" + peer).unstarted(c);
            c.thread = t;
            if (closed) {
                closeQuietly(s); // close() may have missed this connection; its thread then ends at once
            }
            t.start();
        }
    }

    private final class Connection implements Runnable {
        final Socket raw;
        final String peer;
        final TenantId tenant;
        volatile @Nullable Thread thread;
        private List<RawMessage> batch = new ArrayList<>();
        private long batchBytes;
        private long receivedAt;

        Connection(Socket raw, String peer, TenantId tenant) {
            this.raw = raw;
            this.peer = peer;
            this.tenant = tenant;
        }

        @Override
        public void run() {
            FrameDecoder decoder = new FrameDecoder(config.maxMessageBytes());
            FrameDecoder.Output output = this::collect;
            try {
                raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
                raw.setKeepAlive(true);
                InputStream in = open();
                if (in == null) {
                    return;
                }
                byte[] buffer = new byte[READ_BUFFER];
                while (!closed) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (SocketTimeoutException e) {
                        log.log(Level.DEBUG, "idle", name + ": closing idle connection from " + peer, null);
                        break;
                    }
                    if (n < 0) {
                        break;
                    }
                    receivedAt = System.currentTimeMillis();
                    decoder.feed(buffer, 0, n, output);
                    flush();
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    counters.errors.increment();
                    log.log(Level.INFO, "read", name + ": connection from " + peer + " failed: " + e, null);
                }
            } finally {
                try {
                    receivedAt = System.currentTimeMillis();
                    decoder.endOfStream(output);
                    flush();
                } catch (RuntimeException e) {
                    counters.errors.increment();
                    log.log(Level.ERROR, "flush", name + ": delivering the last frames from " + peer + " failed", e);
                } finally {
                    closeQuietly(raw);
                    connections.remove(this);
                    counters.connections.decrementAndGet();
                }
            }
        }

        /** The stream to read: the socket's own, or after a TLS handshake; null when the handshake failed. */
        private @Nullable InputStream open() throws IOException {
            SSLContext context = tls;
            if (context == null) {
                return raw.getInputStream();
            }
            SSLSocketFactory factory = context.getSocketFactory();
            SSLSocket ssl = (SSLSocket) factory.createSocket(raw, peer, raw.getPort(), true);
            ssl.setUseClientMode(false);
            String[] supported = ssl.getSupportedProtocols();
            ssl.setEnabledProtocols(TLS_PROTOCOLS.stream()
                    .filter(p -> Arrays.asList(supported).contains(p))
                    .toArray(String[]::new));
            try {
                ssl.startHandshake();
            } catch (SSLException | SocketTimeoutException e) {
                counters.errors.increment();
                if (handshakeFailedPeers.size() >= MAX_REMEMBERED_PEERS) {
                    handshakeFailedPeers.clear();
                }
                if (handshakeFailedPeers.add(peer)) {
                    LOG.log(Level.WARNING, name + ": TLS handshake with " + peer + " failed (logged once per peer): "
                            + e.getMessage());
                }
                return null;
            }
            return ssl.getInputStream();
        }

        private void collect(byte[] payload, boolean truncated, boolean partial) {
            batch.add(new RawMessage(tenant, name, peer, receivedAt, payload, truncated));
            batchBytes += payload.length;
            if (truncated) {
                counters.truncated.increment();
                log.log(
                        Level.WARNING,
                        "truncated",
                        name + ": message from " + peer + " cut at " + config.maxMessageBytes()
                                + " bytes (ingest.syslog.max-message-size)",
                        null);
            }
            if (partial) {
                counters.partial.increment();
            }
            if (batch.size() >= MAX_BATCH) {
                flush();
            }
        }

        private void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<RawMessage> b = batch;
            long bytes = batchBytes;
            batch = new ArrayList<>();
            batchBytes = 0;
            deliver(b, bytes, peer);
        }
    }

    private void deliver(List<RawMessage> batch, long bytes, String peer) {
        int size = batch.size();
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                sink.accept(batch);
                counters.accepted(size, bytes);
                return;
            } catch (RuntimeException e) {
                boolean retriable = e instanceof Retriable
                        || (e instanceof MedsocException m
                                && m.errorCode().type() == ErrorType.INSUFFICIENT_RESOURCES);
                if (!retriable) {
                    counters.errors.increment();
                    counters.dropped.add(size);
                    log.log(Level.ERROR, "sink-error", name + ": sink failed, dropped " + size
                            + " messages from " + peer, e);
                    return;
                }
                log.log(Level.WARNING, "sink-full", name + ": sink refused " + size + " messages from " + peer
                        + ", retrying (not reading meanwhile): " + e.getMessage(), null);
                if (awaitClosing(backoff)) {
                    counters.dropped.add(size);
                    LOG.log(Level.WARNING, name + ": closed while the sink still refused " + size
                            + " messages from " + peer + "; they are lost");
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Waits up to {@code millis}; true when the receiver is closing. */
    private boolean awaitClosing(long millis) {
        try {
            return closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(@Nullable AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing socket: " + e);
        }
    }
}
