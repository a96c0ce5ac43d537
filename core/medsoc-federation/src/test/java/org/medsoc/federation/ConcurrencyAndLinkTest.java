package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.common.Settings;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

/** Concurrent writers keep sequences and positions gap-free; the wired node link runs on its own. */
class ConcurrencyAndLinkTest {
    private static final TenantId H1 = TenantId.of("h1");
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentAppendsGetConsecutiveSequencesAndConcurrentResendsApplyOnce(Dialect dialect) throws Exception {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            NodeId id = node.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code()).nodeId();
            List<Callable<Object>> appenders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                appenders.add(() -> {
                    for (int i = 0; i < 25; i++) {
                        node.outbox.append(new ReportBody.SharedIndicators(List.of(new ReportBody.IndicatorSighting(
                                "ip", "203.0.113.7", 1, T0, T0))));
                    }
                    return null;
                });
            }
            for (Future<Object> f : pool.invokeAll(appenders)) {
                f.get();
            }
            List<Report> all = node.outbox.pending(1000);
            assertThat(all).extracting(Report::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());

            // four copies of the same batches race to the inbox: each report is applied once
            List<Callable<Object>> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                senders.add(() -> {
                    for (int from = 0; from < 100; from += 20) {
                        hub.inbox.apply(id, all.subList(0, from + 20));
                    }
                    return null;
                });
            }
            for (Future<Object> f : pool.invokeAll(senders)) {
                f.get();
            }
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(100);
            assertThat(hub.count("SELECT SUM(sightings) FROM hub_indicator")).isEqualTo(100);
            assertThat(hub.registry.find(id).orElseThrow().appliedSequence()).isEqualTo(100);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentDirectivesGetGapFreePositionsPerNode(Dialect dialect) throws Exception {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                NodeFixture b = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            a.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            b.enrol(hub.registry.issueCode(TenantId.of("h2"), "B", Duration.ofHours(1)).code());
            List<Callable<Object>> issuers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                issuers.add(() -> {
                    for (int i = 0; i < 10; i++) {
                        hub.directives.issue(new DirectiveBody.Policy("p" + thread + "-" + i, Map.of()),
                                Target.all(), "op");
                    }
                    return null;
                });
            }
            for (Future<Object> f : pool.invokeAll(issuers)) {
                f.get();
            }
            for (NodeFixture n : List.of(a, b)) {
                DirectiveFlowTest.Recorder r = new DirectiveFlowTest.Recorder();
                assertThat(n.fetcher(r, 7).fetchOnce()).isEqualTo(40);
                assertThat(r.byId.values()).extracting(Directive::position)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theWiredNodeLinkAnswersATraceInTheBackground(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                Database nodeDb = Database.open(TestDatabases.config(dialect, dir))) {
            FederationConfig config = FederationConfig.fromSettings(Settings.of(Map.of(
                    "federation.hub-url", hub.uri().toString(),
                    "federation.link.interval", "50ms",
                    "federation.link.retry-initial", "20ms",
                    "federation.link.retry-max", "200ms")));
            try (FederationNode node = FederationNode.open(nodeDb, config, clock, null)) {
                NodeCredentials c = node.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
                node.start(new TraceResponder((tenant, indicator, from, to) -> new TraceAnswer(4, Optional.of(T0),
                        Optional.of(T0)), node.outbox(), c.tenant()));
                node.outbox().append(new ReportBody.Heartbeat(ReportBody.Health.OK, "0.1.0", "ok"));
                Trace trace = hub.traces.start("evil.example", T0.minus(Duration.ofDays(1)), T0, Target.all(), "a");
                ReportFlowTest.await(() -> hub.traces.find(trace.id()).orElseThrow().nodes().getFirst().status()
                        == TraceStatus.ANSWERED);
                assertThat(hub.traces.find(trace.id()).orElseThrow().totalCount()).isEqualTo(4);
                ReportFlowTest.await(() -> hub.region.nodes(Set.of(H1)).getFirst().lastHeartbeat().isPresent());
            }
        }
    }
}
