package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

/** The hub's region view over what two hospitals reported. */
class RegionViewTest {
    private static final TenantId H1 = TenantId.of("h1");
    private static final TenantId H2 = TenantId.of("h2");
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void showsHealthIncidentsSlaAndWhatIsSeenAcrossTheRegion(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                NodeFixture b = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            NodeId aId = a.enrol(hub.registry.issueCode(H1, "Alpha Hospital", Duration.ofHours(1)).code()).nodeId();
            NodeId bId = b.enrol(hub.registry.issueCode(H2, "Beta Hospital", Duration.ofHours(1)).code()).nodeId();

            a.outbox.append(new ReportBody.Heartbeat(ReportBody.Health.OK, "0.1.0", "all stages running"));
            a.outbox.append(new ReportBody.Posture(420, 12, 37, 3, 1));
            a.outbox.append(new ReportBody.RiskSummary(62, "ransomware precursors on imaging shares", List.of(
                    new ReportBody.ThreatCount("ransomware", 5), new ReportBody.ThreatCount("brute force", 40))));
            a.outbox.append(new ReportBody.IncidentOpened("inc-1", "PACS share encryption burst", "critical",
                    T0.minus(Duration.ofHours(2))));
            a.outbox.append(new ReportBody.IncidentOpened("inc-2", "VPN brute force", "medium",
                    T0.minus(Duration.ofHours(3))));
            a.outbox.append(new ReportBody.IncidentOpened("inc-3", "Bulk EMR export", "high",
                    T0.minus(Duration.ofHours(4))));
            a.outbox.append(new ReportBody.IncidentUpdated("inc-2", "VPN brute force", "high", "CONTAINING",
                    T0.minus(Duration.ofHours(1))));
            a.outbox.append(new ReportBody.IncidentClosed("inc-2", T0, "true positive", true));
            a.outbox.append(new ReportBody.IncidentClosed("inc-3", T0, "true positive", false));
            a.outbox.append(new ReportBody.IncidentClosed("inc-404", T0, "duplicate", true));
            a.outbox.append(sightings("ip", "198.51.100.9", 7));
            a.outbox.append(sightings("domain", "evil.example", 2));
            a.outbox.append(sightings("ip", "198.51.100.9", 3));
            InboxAck ack = a.client.sendReports(a.credentials(), a.outbox.pending(100));
            assertThat(ack.rejected()).containsExactly(10L);

            b.outbox.append(new ReportBody.Heartbeat(ReportBody.Health.DEGRADED, "0.1.0", "journal lag 40 s"));
            b.outbox.append(new ReportBody.RiskSummary(30, "quiet", List.of(new ReportBody.ThreatCount("ransomware", 1))));
            b.outbox.append(new ReportBody.IncidentOpened("inc-1", "Phishing wave", "high", T0.minus(Duration.ofHours(1))));
            b.outbox.append(sightings("ip", "198.51.100.9", 1));
            b.sender.sendPending();

            clock.advance(Duration.ofMinutes(5));
            List<NodeOverview> nodes = hub.region.nodes(Set.of(H1, H2));
            assertThat(nodes).extracting(NodeOverview::node).containsExactly(aId, bId);
            NodeOverview oa = nodes.get(0);
            assertThat(oa.name()).isEqualTo("Alpha Hospital");
            assertThat(oa.health()).contains(ReportBody.Health.OK);
            assertThat(oa.lastHeartbeat()).contains(T0);
            assertThat(oa.silent()).isFalse();
            assertThat(oa.openIncidents()).isEqualTo(1);
            assertThat(oa.closedIncidents()).isEqualTo(2);
            assertThat(oa.closedWithinSla()).isEqualTo(1);
            assertThat(oa.slaCompliance()).contains(0.5);
            assertThat(oa.posture()).contains(new ReportBody.Posture(420, 12, 37, 3, 1));
            assertThat(oa.riskScore()).contains(62);
            NodeOverview ob = nodes.get(1);
            assertThat(ob.health()).contains(ReportBody.Health.DEGRADED);
            assertThat(ob.slaCompliance()).isEmpty();
            assertThat(ob.posture()).isEmpty();
            assertThat(ob.openIncidents()).isEqualTo(1);

            assertThat(hub.region.openIncidents(Set.of(H1, H2), 10))
                    .extracting(RegionIncident::node, RegionIncident::incidentRef)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(bId, "inc-1"),
                            org.assertj.core.groups.Tuple.tuple(aId, "inc-1"));
            assertThat(hub.region.topIndicators(Set.of(H1, H2), 10)).containsExactly(
                    new IndicatorRank("ip", "198.51.100.9", 2, 11, T0),
                    new IndicatorRank("domain", "evil.example", 1, 2, T0));
            assertThat(hub.region.topThreats(Set.of(H1, H2), 10)).containsExactly(
                    new ThreatRank("ransomware", 2, 6), new ThreatRank("brute force", 1, 40));

            // a hub user granted only h2 sees only h2
            assertThat(hub.region.nodes(Set.of(H2))).extracting(NodeOverview::node).containsExactly(bId);
            assertThat(hub.region.topIndicators(Set.of(H2), 10)).containsExactly(
                    new IndicatorRank("ip", "198.51.100.9", 1, 1, T0));
            assertThat(hub.region.nodes(Set.of())).isEmpty();

            // no heartbeat for more than ten minutes: silent
            clock.advance(Duration.ofMinutes(10));
            assertThat(hub.region.nodes(Set.of(H1))).singleElement().extracting(NodeOverview::silent).isEqualTo(true);
        }
    }

    private static ReportBody.SharedIndicators sightings(String kind, String value, long n) {
        return new ReportBody.SharedIndicators(List.of(new ReportBody.IndicatorSighting(kind, value, n,
                T0.minus(Duration.ofHours(1)), T0)));
    }
}
