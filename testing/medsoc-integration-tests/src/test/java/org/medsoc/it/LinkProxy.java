package org.medsoc.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between a node and its hub on loopback, standing for the wide-area link: it can refuse new
 * connections ({@link #down()}), and cut every open connection after a number of bytes has gone up, so that a
 * request dies half-way through its body ({@link #cutAfter(long)}).
 */
final class LinkProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final AtomicLong cuts = new AtomicLong();
    private final Thread acceptor;

    LinkProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("link-proxy").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Refuses new connections and closes the open ones. */
    void down() {
        up.set(false);
        closeAll();
    }

    /** Lets connections through again. */
    void up() {
        up.set(true);
    }

    /** Closes each connection once {@code bytes} have gone from the node to the hub on it (-1: never). */
    void cutAfter(long bytes) {
        cutAfter.set(bytes);
    }

    /** How many connections were cut mid-stream. */
    long cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (!up.get()) {
                    client.close();
                    continue;
                }
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), target);
                } catch (IOException e) {
                    client.close(); // the hub is not listening: the node sees the connection close
                    continue;
                }
                open.add(client);
                open.add(server);
                Thread.ofPlatform().daemon().start(() -> pump(client, server, true));
                Thread.ofPlatform().daemon().start(() -> pump(server, client, false));
            } catch (IOException e) {
                // listener closed, or the hub is not listening: the node sees a refused/closed connection
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        byte[] buf = new byte[8192];
        long sent = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                long limit = upstream ? cutAfter.get() : -1;
                if (limit >= 0 && sent + n > limit) {
                    int part = (int) Math.max(0, limit - sent);
                    out.write(buf, 0, part);
                    out.flush();
                    cuts.incrementAndGet();
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
                sent += n;
            }
        } catch (IOException e) {
            // the other side closed
        } finally {
            close(from);
            close(to);
        }
    }

    private void closeAll() {
        for (Socket s : open) {
            close(s);
        }
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        closeAll();
    }
}
