package org.medsoc.federation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.testing.MutableClock;

/**
 * A hub for tests: its own database (reopened on the same files or PostgreSQL database after a stop) and the
 * {@link HubProtocol} mounted on the JDK's HTTP server on loopback, on the same port across restarts. It can drop
 * the connection after a request was handled and before the answer (a link that fails mid-batch).
 */
final class HubFixture implements AutoCloseable {
    final DatabaseConfig config;
    final MutableClock clock;
    final HubMasterKey key = HubMasterKey.random();
    final AtomicInteger dropAfterHandling = new AtomicInteger();
    final AtomicInteger handled = new AtomicInteger();
    private int port;
    private @Nullable HttpServer server;
    @Nullable Database db;
    NodeRegistry registry;
    HubAuthenticator authenticator;
    Inbox inbox;
    Directives directives;
    Traces traces;
    RegionView region;
    HubProtocol protocol;

    HubFixture(DatabaseConfig config, MutableClock clock) {
        this.config = config;
        this.clock = clock;
        start();
    }

    void start() {
        Database d = Database.open(config);
        d.migrate("federation");
        db = d;
        registry = new NodeRegistry(d, key, clock);
        authenticator = new HubAuthenticator(d, registry, clock, HubAuthenticator.DEFAULT_SKEW);
        inbox = new Inbox(d, clock);
        directives = new Directives(d, clock);
        traces = new Traces(d, directives, clock);
        region = new RegionView(d, clock, Duration.ofMinutes(10));
        protocol = new HubProtocol(registry, authenticator, inbox, directives);
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            s.createContext(HubProtocol.BASE, this::exchange);
            s.start();
            port = s.getAddress().getPort();
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (db != null) {
            db.close();
            db = null;
        }
    }

    void restart() {
        stop();
        start();
    }

    Database db() {
        if (db == null) {
            throw new IllegalStateException("hub stopped");
        }
        return db;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long count(String sql) {
        return db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private void exchange(HttpExchange x) throws IOException {
        try (x; InputStream in = x.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, List<String>> e : x.getRequestHeaders().entrySet()) {
                if (!e.getValue().isEmpty()) {
                    headers.put(e.getKey(), e.getValue().getFirst());
                }
            }
            URI u = x.getRequestURI();
            String target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            HubResponse r = protocol.handle(new HubRequest(x.getRequestMethod(), target, headers, body));
            handled.incrementAndGet();
            if (dropAfterHandling.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                throw new IOException("test: the link drops after the hub handled the request");
            }
            x.getResponseHeaders().set("Content-Type", HubResponse.CONTENT_TYPE);
            x.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
