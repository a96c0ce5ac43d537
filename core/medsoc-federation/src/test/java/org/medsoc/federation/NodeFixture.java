package org.medsoc.federation;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.testing.MutableClock;

/** A node for tests: its own database (reopened on restart), outbox, state, and a client of the hub. */
final class NodeFixture implements AutoCloseable {
    final DatabaseConfig config;
    final MutableClock clock;
    final URI hub;
    @Nullable Database db;
    NodeState state;
    Outbox outbox;
    HubClient client;
    OutboxSender sender;

    NodeFixture(DatabaseConfig config, MutableClock clock, URI hub) {
        this.config = config;
        this.clock = clock;
        this.hub = hub;
        start();
    }

    void start() {
        Database d = Database.open(config);
        d.migrate("federation");
        db = d;
        state = new NodeState(d, clock);
        outbox = new Outbox(d, clock);
        client = HubClient.builder(hub).clock(clock).timeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(2)).build();
        sender = new OutboxSender(outbox, state, client, 10);
    }

    void restart() {
        stop();
        start();
    }

    void stop() {
        sender.close();
        if (db != null) {
            db.close();
            db = null;
        }
    }

    NodeCredentials enrol(String code) {
        NodeCredentials c = client.enrol(code, outbox.firstUnsent());
        state.saveCredentials(c);
        return c;
    }

    NodeCredentials credentials() {
        return state.requireCredentials();
    }

    DirectiveFetcher fetcher(DirectiveHandler handler, int pageSize) {
        return new DirectiveFetcher(client, state, handler, pageSize);
    }

    @Override
    public void close() {
        stop();
    }
}
