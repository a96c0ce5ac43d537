package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.MutableClock;
import org.medsoc.testing.database.TestDatabases;

/** Shared indicators reach the other members once, never the sender; organisation-only ones stay at the hub. */
class IndicatorSharingTest {
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void redistributesSharedIndicatorsExactlyOnceToTheOtherMembers() {
        try (HubFixture hub = new HubFixture(TestDatabases.config(Dialect.H2, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(Dialect.H2, dir), clock, hub.uri());
                NodeFixture b = new NodeFixture(TestDatabases.config(Dialect.H2, dir), clock, hub.uri());
                NodeFixture c = new NodeFixture(TestDatabases.config(Dialect.H2, dir), clock, hub.uri())) {
            a.enrol(hub.registry.issueCode(TenantId.of("h1"), "Alpha", Duration.ofHours(1)).code());
            b.enrol(hub.registry.issueCode(TenantId.of("h2"), "Beta", Duration.ofHours(1)).code());
            c.enrol(hub.registry.issueCode(TenantId.of("h3"), "Gamma", Duration.ofHours(1)).code());
            IndicatorSharing sharing = new IndicatorSharing(hub.db(), hub.directives,
                    new SharingFilter(List.of()), clock);
            assertThat(sharing.run().sightings()).isZero();

            a.outbox.append(new ReportBody.SharedIndicators(List.of(
                    new ReportBody.IndicatorSighting("ip", "198.51.100.9", 4, T0, T0, "COMMUNITY", "GREEN"),
                    new ReportBody.IndicatorSighting("domain", "secret.example", 1, T0, T0, "ORGANISATION", "AMBER"),
                    new ReportBody.IndicatorSighting("domain", "evil.example", 1, T0, T0, "ALL", "CLEAR"),
                    // a node that shares what it should not: the hub does not pass it on
                    new ReportBody.IndicatorSighting("ip", "10.9.9.9", 1, T0, T0, "ALL", "CLEAR"))));
            a.client.sendReports(a.credentials(), a.outbox.pending(100));
            b.outbox.append(new ReportBody.SharedIndicators(List.of(
                    new ReportBody.IndicatorSighting("ip", "203.0.113.7", 1, T0, T0, null, null),
                    new ReportBody.IndicatorSighting("ip", "198.51.100.9", 1, T0, T0, "ALL", "CLEAR"))));
            b.client.sendReports(b.credentials(), b.outbox.pending(100));

            IndicatorSharing.Run run = sharing.run();
            assertThat(run.sightings()).isEqualTo(5);
            assertThat(run.refused()).isEqualTo(1);
            assertThat(sharing.run().directives()).as("a second run issues nothing").isEmpty();

            // both shared 198.51.100.9, so neither gets it back; each gets what only the other shared
            assertThat(sets(a)).containsExactly(Map.entry("shared:domain", List.of()),
                    Map.entry("shared:ip", List.of("203.0.113.7")));
            assertThat(sets(b)).containsExactly(Map.entry("shared:domain", List.of("evil.example")),
                    Map.entry("shared:ip", List.of()));
            assertThat(sets(c)).containsExactly(Map.entry("shared:domain", List.of("evil.example")),
                    Map.entry("shared:ip", List.of("198.51.100.9", "203.0.113.7")));
            // each set carries the most restrictive TLP and distribution of the members that shared its
            // indicators, and a confidence that grows with their number
            assertThat(labels(c)).containsExactlyInAnyOrder(
                    "shared:ip 198.51.100.9 GREEN COMMUNITY 65",
                    "shared:ip 203.0.113.7 AMBER COMMUNITY 50",
                    "shared:domain evil.example CLEAR ALL 50");
            // the organisation-only indicator is kept at the hub (region view) but sent nowhere
            assertThat(hub.count("SELECT COUNT(*) FROM hub_indicator WHERE val = 'secret.example'")).isEqualTo(1);
        }
    }

    @Test
    void indicatorSetLabelsAreOptionalOnTheWireAndNormalised() {
        DirectiveBody old = Wire.directiveBody(DirectiveType.INDICATOR_SET,
                "{\"name\":\"lockbit\",\"indicators\":[{\"kind\":\"ip\",\"value\":\"203.0.113.77\"}]}");
        assertThat(old).isEqualTo(new DirectiveBody.IndicatorSet("lockbit",
                List.of(new DirectiveBody.Indicator("ip", "203.0.113.77"))));
        DirectiveBody.IndicatorSet labelled = new DirectiveBody.IndicatorSet("lockbit",
                List.of(new DirectiveBody.Indicator("ip", "203.0.113.77")), "tlp:amber+strict", "all", 80);
        assertThat(labelled.tlp()).isEqualTo("AMBER_STRICT");
        assertThat(labelled.distribution()).isEqualTo("ALL");
        assertThat(Wire.directiveBody(DirectiveType.INDICATOR_SET, Wire.json(labelled))).isEqualTo(labelled);
        assertThatThrownBy(() -> Wire.directiveBody(DirectiveType.INDICATOR_SET,
                "{\"name\":\"x\",\"indicators\":[],\"tlp\":\"PURPLE\"}"))
                .hasMessageContaining("unknown TLP 'PURPLE'");
    }

    /** The indicator sets the node received, by name; a name with an empty list was not received. */
    private static List<Map.Entry<String, List<String>>> sets(NodeFixture node) {
        DirectivePage page = node.client.fetchDirectives(node.credentials(), 0, 100);
        Map<String, List<String>> byName = new java.util.TreeMap<>(Map.of("shared:domain", new ArrayList<>(),
                "shared:ip", new ArrayList<>()));
        for (Directive d : page.directives()) {
            DirectiveBody.IndicatorSet set = (DirectiveBody.IndicatorSet) d.body();
            set.indicators().forEach(i -> byName.get(set.name()).add(i.value()));
        }
        byName.values().forEach(java.util.Collections::sort);
        return List.copyOf(byName.entrySet());
    }

    /** "set value tlp distribution confidence" for every indicator the node received. */
    private static List<String> labels(NodeFixture node) {
        List<String> out = new ArrayList<>();
        for (Directive d : node.client.fetchDirectives(node.credentials(), 0, 100).directives()) {
            DirectiveBody.IndicatorSet set = (DirectiveBody.IndicatorSet) d.body();
            set.indicators().forEach(i -> out.add(set.name() + " " + i.value() + " " + set.tlp() + " "
                    + set.distribution() + " " + set.confidence()));
        }
        return out;
    }
}
