package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.Retriable;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

/** Reports travel from a node's outbox to the hub's inbox exactly once, across outages and restarts. */
class ReportFlowTest {
    private static final TenantId H1 = TenantId.of("h1");
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void appliesEveryReportOnceInOrderAcrossBatches(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            // reports queued before enrolment are kept and sent after it
            appendSightings(node, 3);
            node.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            appendSightings(node, 22);
            assertThat(node.outbox.pendingCount()).isEqualTo(25);
            assertThat(node.sender.sendPending()).isEqualTo(25);
            assertThat(node.outbox.pendingCount()).isZero();
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(25);
            assertThat(hub.count("SELECT MIN(sequence) FROM hub_report")).isEqualTo(1);
            assertThat(hub.count("SELECT MAX(sequence) FROM hub_report")).isEqualTo(25);
            assertThat(sightings(hub)).isEqualTo(25);
            assertThat(node.sender.sendPending()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void resumesAfterTheHubWasDownWithoutLossOrDuplicates(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            node.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            appendSightings(node, 12);
            assertThat(node.sender.sendPending()).isEqualTo(12);

            hub.stop();
            appendSightings(node, 15);
            assertThatThrownBy(node.sender::sendPending).isInstanceOf(HubUnavailableException.class)
                    .isInstanceOf(Retriable.class).hasMessageContaining("cannot send reports");
            assertThat(node.outbox.pendingCount()).isEqualTo(15);

            hub.start();
            assertThat(node.sender.sendPending()).isEqualTo(15);
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(27);
            assertThat(sightings(hub)).isEqualTo(27);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void resendsABatchWhoseAnswerWasLostAndTheHubSkipsWhatItHas(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            node.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            appendSightings(node, 14);
            // the first batch (1..10) is applied, then the link drops before the answer
            hub.dropAfterHandling.set(1);
            assertThatThrownBy(node.sender::sendPending).isInstanceOf(HubUnavailableException.class);
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(10);
            assertThat(node.outbox.pendingCount()).isEqualTo(14);

            InboxAck[] last = new InboxAck[1];
            // resend: the hub answers that 1..10 were duplicates, then applies 11..14
            List<Report> again = node.outbox.pending(10);
            last[0] = node.client.sendReports(node.credentials(), again);
            assertThat(last[0]).isEqualTo(new InboxAck(10, 0, 10, List.of()));
            node.outbox.markSent(last[0].highestApplied());
            assertThat(node.sender.sendPending()).isEqualTo(4);
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(14);
            assertThat(sightings(hub)).isEqualTo(14);

            // an overlapping batch applies only the new reports
            appendSightings(node, 3);
            List<Report> overlapping = new java.util.ArrayList<>(node.outbox.pending(10));
            overlapping.addAll(0, List.of(stored(hub, node, 13), stored(hub, node, 14)));
            InboxAck ack = hub.inbox.apply(node.credentials().nodeId(), overlapping);
            assertThat(ack).isEqualTo(new InboxAck(17, 3, 2, List.of()));
            assertThat(sightings(hub)).isEqualTo(17);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesAGapAndTheSenderResendsFromTheExpectedSequence(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            NodeId id = node.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code()).nodeId();
            appendSightings(node, 8);
            List<Report> all = node.outbox.pending(10);
            assertThatThrownBy(() -> hub.inbox.apply(id, all.subList(2, 8)))
                    .isInstanceOfSatisfying(SequenceGapException.class, e -> assertThat(e.expectedSequence())
                            .isEqualTo(1))
                    .hasMessageContaining("resend from 1");
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isZero();
            assertThatThrownBy(() -> hub.inbox.apply(id, List.of(all.get(0), all.get(2))))
                    .hasMessageContaining("consecutive");

            // the node believes 1..5 were sent (e.g. its database was restored), the hub has none: it resends
            node.outbox.markSent(5);
            assertThat(node.sender.sendPending()).isEqualTo(8);
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(8);

            // the hub already has more than the node thinks: those are acknowledged as duplicates, not applied again
            appendSightings(node, 4);
            hub.inbox.apply(id, node.outbox.pending(2));
            assertThat(node.sender.sendPending()).isEqualTo(4);
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(12);
            assertThat(sightings(hub)).isEqualTo(12);

            // reports the node no longer holds cannot be resent: a precise error
            clock.advance(Duration.ofDays(1));
            node.outbox.purgeSent(clock.instant());
            hub.db().jdbi().useHandle(h -> h.execute("UPDATE hub_node SET applied_sequence = 3"));
            appendSightings(node, 1);
            assertThatThrownBy(node.sender::sendPending)
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(FederationErrorCode.REPORTS_LOST.toErrorCode()))
                    .hasMessageContaining("expects report 4");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void outboxAndSequenceSurviveANodeRestart(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            NodeCredentials c = node.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            appendSightings(node, 5);
            assertThat(node.sender.sendPending()).isEqualTo(5);
            appendSightings(node, 6);
            node.restart();
            assertThat(node.credentials()).isEqualTo(c);
            assertThat(node.outbox.pendingCount()).isEqualTo(6);
            assertThat(node.outbox.pending(1).getFirst().sequence()).isEqualTo(6);
            assertThat(node.outbox.append(heartbeat())).isEqualTo(12);
            assertThat(node.sender.sendPending()).isEqualTo(7);
            assertThat(hub.count("SELECT MAX(sequence) FROM hub_report")).isEqualTo(12);
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(12);
            assertThat(sightings(hub)).isEqualTo(11);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theBackgroundSenderBacksOffWhileTheHubIsDownAndCatchesUp(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            node.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            hub.stop();
            appendSightings(node, 30);
            node.sender.start(new Backoff(Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(200)));
            await(() -> node.sender.lastFailure().isPresent());
            assertThat(node.sender.lastFailure()).get().isInstanceOf(HubUnavailableException.class);
            hub.dropAfterHandling.set(2);
            hub.start();
            await(() -> node.outbox.pendingCount() == 0);
            node.sender.close();
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(30);
            assertThat(sightings(hub)).isEqualTo(30);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void boundsTheSizeOfAReport(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            String big = "x".repeat(Outbox.MAX_PAYLOAD);
            assertThatThrownBy(() -> node.outbox.append(new ReportBody.RiskSummary(50, big, List.of())))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(FederationErrorCode.PAYLOAD_TOO_LARGE.toErrorCode()));
            assertThat(node.outbox.pendingCount()).isZero();
            assertThat(node.outbox.append(heartbeat())).isEqualTo(1);
        }
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Each sighting report adds 1 to the hub's count of one indicator, so a report applied twice shows. */
    private static void appendSightings(NodeFixture node, int n) {
        for (int i = 0; i < n; i++) {
            node.outbox.append(new ReportBody.SharedIndicators(List.of(new ReportBody.IndicatorSighting("ip",
                    "203.0.113.7", 1, T0, T0))));
        }
    }

    private static long sightings(HubFixture hub) {
        return hub.count("SELECT COALESCE(SUM(sightings), 0) FROM hub_indicator");
    }

    private static Report stored(HubFixture hub, NodeFixture node, long sequence) {
        return node.db.jdbi().withHandle(h -> h.createQuery("SELECT sequence, type, payload, created_at "
                        + "FROM node_outbox WHERE sequence = :s").bind("s", sequence)
                .map((rs, ctx) -> new Report(rs.getLong("sequence"), ReportType.valueOf(rs.getString("type")),
                        org.medsoc.database.Sql.instant(rs, "created_at"), rs.getString("payload"))).one());
    }

    private static ReportBody.Heartbeat heartbeat() {
        return new ReportBody.Heartbeat(ReportBody.Health.OK, "0.1.0", "ok");
    }
}
