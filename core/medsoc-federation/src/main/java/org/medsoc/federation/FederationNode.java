package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.spi.error.MedsocException;

/**
 * A node's link to its hub wired over the node's database: persisted state, the outbox, the HTTP client, and the
 * background sender and fetcher. {@link #enrol} once with the operator's code; {@link #start} then sends reports
 * and fetches directives in the background until {@link #close}.
 */
public final class FederationNode implements AutoCloseable {
    private final NodeState state;
    private final Outbox outbox;
    private final HubClient client;
    private final FederationConfig config;
    private final Clock clock;
    private final List<AutoCloseable> running = new ArrayList<>();

    private FederationNode(NodeState state, Outbox outbox, HubClient client, FederationConfig config, Clock clock) {
        this.clock = clock;
        this.state = state;
        this.outbox = outbox;
        this.client = client;
        this.config = config;
    }

    /**
     * Migrates the federation schema and wires the node's link to {@code config.hubUrl()}; {@code sslContext}
     * (nullable: the JDK default) holds the trust store for the hub's certificate.
     */
    public static FederationNode open(Database db, FederationConfig config, Clock clock,
            @Nullable SSLContext sslContext) {
        requireNonNull(db, "db is null");
        requireNonNull(config, "config is null");
        URI hub = config.hubUrl().orElseThrow(() -> new MedsocException(
                org.medsoc.common.CommonErrorCode.INVALID_CONFIGURATION,
                "federation.hub-url is not set; a node reports to the hub at that URL"));
        db.migrate("federation");
        HubClient.Builder b = HubClient.builder(hub).clock(clock).connectTimeout(config.connectTimeout())
                .timeout(config.requestTimeout());
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return new FederationNode(new NodeState(db, clock), new Outbox(db, clock), b.build(), config, clock);
    }

    /** Enrols at the hub with a one-time code and stores the credentials. */
    public NodeCredentials enrol(String code) {
        NodeCredentials c = client.enrol(code, outbox.firstUnsent());
        state.saveCredentials(c);
        return c;
    }

    /** Whether the node has enrolled. */
    public Optional<NodeCredentials> credentials() {
        return state.credentials();
    }

    /** The outbox other modules append reports to. */
    public Outbox outbox() {
        return outbox;
    }

    /** The persisted state (credentials, cursors). */
    public NodeState state() {
        return state;
    }

    /** The client of the hub. */
    public HubClient client() {
        return client;
    }

    /**
     * Starts the background sender and fetcher ({@code handler} acts on each directive), and an hourly purge of
     * reports sent longer than {@code federation.outbox.retention} ago.
     */
    public synchronized void start(DirectiveHandler handler) {
        if (!running.isEmpty()) {
            throw new IllegalStateException("the federation link is already running");
        }
        OutboxSender sender = new OutboxSender(outbox, state, client, config.batchSize());
        DirectiveFetcher fetcher = new DirectiveFetcher(client, state, handler, config.pageSize());
        sender.start(config.backoff());
        fetcher.start(config.backoff());
        running.add(sender);
        running.add(fetcher);
        running.add(new LinkLoop("federation-outbox-purge",
                () -> outbox.purgeSent(clock.instant().minus(config.outboxRetention())),
                new Backoff(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofHours(1))));
    }

    /** Stops the background loops. */
    @Override
    public synchronized void close() {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                System.getLogger(FederationNode.class.getName()).log(System.Logger.Level.WARNING,
                        "stopping the federation link failed", e);
            }
        }
        running.clear();
    }
}
