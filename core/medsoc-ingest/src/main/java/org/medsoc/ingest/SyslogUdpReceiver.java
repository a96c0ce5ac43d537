package org.medsoc.ingest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.medsoc.ingest.receiver.KernelUdpDrops;
import org.medsoc.ingest.receiver.RateLimitedLog;
import org.medsoc.ingest.receiver.ReceiverCounters;
import org.medsoc.ingest.receiver.TenantResolver;
import org.medsoc.spi.error.ErrorType;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.RawMessage;

/**
 * A syslog receiver over UDP (RFC 5426): one datagram is one message.
 *
 * <pre>
 * Threads: a reader blocks on the socket and offers each datagram to a bounded queue; a dispatcher drains the queue
 * in batches of up to 512 into the sink. UDP has no back-pressure, so a full queue or a sink that refuses a batch
 * (journal full) drops messages; both are counted in ReceiverStats.dropped. Datagrams the kernel dropped because the
 * socket buffer overflowed are read from /proc/net/udp[6] and reported separately as kernelDropped.
 *
 * The dispatcher is never interrupted (the sink may be writing a file; an interrupt would close its channel): close()
 * closes the socket, sets a flag the dispatcher polls, and waits for both threads. Messages still queued when the
 * receiver closes are handed to the sink once more, or counted as dropped if the dispatcher cannot finish in time.
 * </pre>
 */
public final class SyslogUdpReceiver implements Receiver {
    private static final Logger LOG = System.getLogger(SyslogUdpReceiver.class.getName());
    private static final int MAX_BATCH = 512;
    private static final int MAX_DATAGRAM = 65536;
    private static final long JOIN_MILLIS = 2000;

    private final SyslogConfig config;
    private final MessageSink sink;
    private final TenantResolver tenants;
    private final ReceiverCounters counters = new ReceiverCounters();
    private final RateLimitedLog log = new RateLimitedLog(LOG, 10_000);
    private final ArrayBlockingQueue<RawMessage> queue;
    private volatile String name;
    private volatile boolean closed;
    private volatile int boundPort = -1;
    private volatile @Nullable DatagramChannel channel;
    private @Nullable Thread reader;
    private @Nullable Thread dispatcher;

    private SyslogUdpReceiver(SyslogConfig config, MessageSink sink) {
        this.config = config;
        this.sink = sink;
        this.tenants = new TenantResolver(config.tenant(), config.tenantMappings());
        this.queue = new ArrayBlockingQueue<>(config.udpQueueCapacity());
        this.name = "syslog-udp:" + config.port();
    }

    /** A receiver for {@code config}, not yet bound; call {@link #start()}. */
    public static SyslogUdpReceiver create(SyslogConfig config, MessageSink sink) {
        return new SyslogUdpReceiver(requireNonNull(config, "config is null"), requireNonNull(sink, "sink is null"));
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
        if (closed || channel != null) {
            throw new MedsocException(IngestErrorCode.RECEIVER_STATE, name + " was already started or closed");
        }
        DatagramChannel ch;
        try {
            ch = DatagramChannel.open();
        } catch (IOException e) {
            throw new MedsocException(IngestErrorCode.RECEIVER_BIND_FAILED, "cannot open a UDP socket: " + e, e);
        }
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            ch.bind(new InetSocketAddress(config.bindAddress(), config.port()));
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw new MedsocException(
                    IngestErrorCode.RECEIVER_BIND_FAILED,
                    "cannot bind syslog UDP to " + config.bindAddress() + ":" + config.port() + ": " + e
                            + "; choose a free port with ingest.syslog.port (ports below 1024 need privileges)",
                    e);
        }
        channel = ch;
        boundPort = ((InetSocketAddress) localAddress(ch)).getPort();
        name = "syslog-udp:" + boundPort;
        int granted = receiveBuffer(ch);
        if (granted < config.receiveBufferBytes()) {
            LOG.log(
                    Level.INFO,
                    name + ": the kernel granted a receive buffer of " + granted + " bytes instead of "
                            + config.receiveBufferBytes() + "; raise net.core.rmem_max to avoid drops in bursts");
        }
        Thread r = Thread.ofPlatform().daemon().name(name + "-reader").unstarted(this::readLoop);
        Thread d = Thread.ofPlatform().daemon().name(name + "-dispatcher").unstarted(this::dispatchLoop);
        reader = r;
        dispatcher = d;
        d.start();
        r.start();
    }

    @Override
    public ReceiverStats stats() {
        int p = boundPort;
        return counters.snapshot(name, p > 0 && channel != null && !closed ? KernelUdpDrops.forPort(p) : 0);
    }

    @Override
    public void close() {
        Thread r;
        Thread d;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = reader;
            d = dispatcher;
            DatagramChannel ch = channel;
            if (ch != null) {
                closeQuietly(ch);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        join(r, deadline);
        join(d, deadline);
        int left = queue.size();
        if (left > 0 && (d == null || !d.isAlive())) {
            queue.clear();
            counters.dropped.add(left);
        }
    }

    private void readLoop() {
        DatagramChannel ch = requireNonNull(channel);
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        TenantResolver.PeerCache peers = tenants.newCache();
        int max = config.maxMessageBytes();
        while (!closed) {
            buffer.clear();
            SocketAddress from;
            try {
                from = ch.receive(buffer);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                counters.errors.increment();
                log.log(Level.WARNING, "receive", name + ": receive failed: " + e, e);
                continue;
            }
            if (!(from instanceof InetSocketAddress address) || address.getAddress() == null) {
                continue;
            }
            buffer.flip();
            int n = buffer.limit();
            while (n > 0 && (buffer.get(n - 1) == '\n' || buffer.get(n - 1) == 0)) {
                n--;
            }
            if (n > 0 && buffer.get(n - 1) == '\r' && n < buffer.limit() && buffer.get(n) == '\n') {
                n--;
            }
            if (n == 0) {
                continue;
            }
            boolean truncated = n > max;
            byte[] payload = new byte[Math.min(n, max)];
            buffer.get(0, payload);
            TenantResolver.Peer peer = peers.lookup(address.getAddress());
            RawMessage message =
                    new RawMessage(peer.tenant(), name, peer.text(), System.currentTimeMillis(), payload, truncated);
            if (truncated) {
                counters.truncated.increment();
            }
            if (!queue.offer(message)) {
                counters.dropped.increment();
                log.log(
                        Level.WARNING,
                        "queue-full",
                        name + ": queue of " + config.udpQueueCapacity() + " datagrams is full (sink too slow), "
                                + "dropping; last sender " + peer.text(),
                        null);
            }
        }
    }

    private void dispatchLoop() {
        List<RawMessage> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            RawMessage first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            deliver(batch);
            batch = new ArrayList<>(MAX_BATCH);
        }
    }

    private void deliver(List<RawMessage> batch) {
        long bytes = 0;
        for (RawMessage m : batch) {
            bytes += m.payload().length;
        }
        int size = batch.size();
        try {
            sink.accept(batch);
            counters.accepted(size, bytes);
        } catch (MedsocException e) {
            counters.dropped.add(size);
            if (e.errorCode().type() == ErrorType.INSUFFICIENT_RESOURCES) {
                log.log(Level.WARNING, "sink-full", name + ": sink refused " + size + " messages, dropped: "
                        + e.getMessage(), null);
            } else {
                counters.errors.increment();
                log.log(Level.ERROR, "sink-error", name + ": sink failed, dropped " + size + " messages", e);
            }
        } catch (RuntimeException e) {
            counters.dropped.add(size);
            counters.errors.increment();
            log.log(Level.ERROR, "sink-error", name + ": sink failed, dropped " + size + " messages", e);
        }
    }

    private static SocketAddress localAddress(DatagramChannel ch) {
        try {
            return requireNonNull(ch.getLocalAddress(), "local address");
        } catch (IOException e) {
            throw new MedsocException(IngestErrorCode.RECEIVER_BIND_FAILED, "cannot read the bound address: " + e, e);
        }
    }

    private static int receiveBuffer(DatagramChannel ch) {
        try {
            return ch.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            return -1;
        }
    }

    static void join(@Nullable Thread t, long deadlineNanos) {
        if (t == null) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing UDP socket: " + e);
        }
    }
}
