package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

/** A trace goes down to each node, is answered from that node's own events, and is filed under that node. */
class TraceTest {
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final String IOC = "198.51.100.9";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    /** A node's event store reduced to sightings of indicators: (indicator, time). */
    record Sightings(List<String> indicators, List<Instant> times, List<String> calls) implements TraceSearcher {
        Sightings() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        Sightings seen(String indicator, Instant at) {
            indicators.add(indicator);
            times.add(at);
            return this;
        }

        @Override
        public TraceAnswer search(TenantId tenant, String indicator, Instant from, Instant to) {
            calls.add(tenant + " " + indicator + " " + from + " " + to);
            long count = 0;
            Instant first = null;
            Instant last = null;
            for (int i = 0; i < indicators.size(); i++) {
                Instant t = times.get(i);
                if (indicators.get(i).equals(indicator) && !t.isBefore(from) && t.isBefore(to)) {
                    count++;
                    first = first == null || t.isBefore(first) ? t : first;
                    last = last == null || t.isAfter(last) ? t : last;
                }
            }
            return new TraceAnswer(count, Optional.ofNullable(first), Optional.ofNullable(last));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void eachNodeAnswersFromItsOwnEvents(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                NodeFixture b = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                NodeFixture c = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            NodeCredentials ca = a.enrol(hub.registry.issueCode(TenantId.of("h1"), "A", Duration.ofHours(1)).code());
            NodeCredentials cb = b.enrol(hub.registry.issueCode(TenantId.of("h2"), "B", Duration.ofHours(1)).code());
            NodeCredentials cc = c.enrol(hub.registry.issueCode(TenantId.of("h3"), "C", Duration.ofHours(1)).code());
            Sightings sa = new Sightings()
                    .seen(IOC, T0.minus(Duration.ofHours(5)))
                    .seen(IOC, T0.minus(Duration.ofHours(3)))
                    .seen(IOC, T0.minus(Duration.ofHours(1)))
                    .seen(IOC, T0.minus(Duration.ofDays(3)))
                    .seen("203.0.113.1", T0.minus(Duration.ofHours(2)));
            Sightings sb = new Sightings().seen("203.0.113.1", T0.minus(Duration.ofHours(2)));
            TraceSearcher broken = (tenant, indicator, from, to) -> {
                throw new MedsocException(StandardErrorCode.IO_FAILURE, "event index is being rebuilt");
            };

            Trace trace = hub.traces.start(IOC, T0.minus(Duration.ofDays(1)), T0, Target.all(), "analyst");
            assertThat(trace.nodes()).extracting(TraceNodeResult::status).containsOnly(TraceStatus.PENDING);
            assertThat(trace.nodes()).hasSize(3);

            answer(a, sa, ca);
            answer(b, sb, cb);
            answer(c, broken, cc);

            Trace done = hub.traces.find(trace.id()).orElseThrow();
            TraceNodeResult ra = result(done, ca.nodeId());
            assertThat(ra.status()).isEqualTo(TraceStatus.ANSWERED);
            assertThat(ra.tenant()).isEqualTo(TenantId.of("h1"));
            assertThat(ra.count()).isEqualTo(3);
            assertThat(ra.firstSeen()).contains(T0.minus(Duration.ofHours(5)));
            assertThat(ra.lastSeen()).contains(T0.minus(Duration.ofHours(1)));
            assertThat(ra.answeredAt()).contains(T0);
            TraceNodeResult rb = result(done, cb.nodeId());
            assertThat(rb.status()).isEqualTo(TraceStatus.ANSWERED);
            assertThat(rb.count()).isZero();
            assertThat(rb.firstSeen()).isEmpty();
            TraceNodeResult rc = result(done, cc.nodeId());
            assertThat(rc.status()).isEqualTo(TraceStatus.FAILED);
            assertThat(rc.error()).contains("event index is being rebuilt");
            assertThat(done.totalCount()).isEqualTo(3);
            assertThat(sa.calls()).containsExactly("h1 " + IOC + " " + T0.minus(Duration.ofDays(1)) + " " + T0);
            assertThat(sb.calls()).containsExactly("h2 " + IOC + " " + T0.minus(Duration.ofDays(1)) + " " + T0);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aNodeCannotAnswerATraceForAnotherNode(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                NodeFixture b = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            NodeCredentials ca = a.enrol(hub.registry.issueCode(TenantId.of("h1"), "A", Duration.ofHours(1)).code());
            b.enrol(hub.registry.issueCode(TenantId.of("h2"), "B", Duration.ofHours(1)).code());
            Trace trace = hub.traces.start(IOC, T0.minus(Duration.ofDays(1)), T0, Target.nodes(ca.nodeId()), "analyst");
            assertThat(trace.nodes()).extracting(TraceNodeResult::node).containsExactly(ca.nodeId());

            b.outbox.append(new ReportBody.TraceResult(trace.id(), 999, T0, T0, null));
            assertThat(b.client.sendReports(b.credentials(), b.outbox.pending(10)).rejected()).containsExactly(1L);
            assertThat(result(hub.traces.find(trace.id()).orElseThrow(), ca.nodeId()).status())
                    .isEqualTo(TraceStatus.PENDING);
            assertThat(b.client.fetchDirectives(b.credentials(), 0, 10).directives()).isEmpty();
        }
    }

    private static void answer(NodeFixture node, TraceSearcher searcher, NodeCredentials c) {
        node.fetcher(new TraceResponder(searcher, node.outbox, c.tenant()), 10).fetchOnce();
        assertThat(node.sender.sendPending()).isEqualTo(1);
    }

    private static TraceNodeResult result(Trace trace, NodeId node) {
        return trace.nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
    }
}
