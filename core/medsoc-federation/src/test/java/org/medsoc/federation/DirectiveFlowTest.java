package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

/** Directives travel down by cursor; warnings go through their lifecycle; nodes see only their own. */
class DirectiveFlowTest {
    private static final TenantId H1 = TenantId.of("h1");
    private static final TenantId H2 = TenantId.of("h2");
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    /** An idempotent handler: remembers each directive once by id, in arrival order, and counts deliveries. */
    static final class Recorder implements DirectiveHandler {
        final Map<Long, Directive> byId = new LinkedHashMap<>();
        final List<Long> deliveries = new ArrayList<>();
        long failOn = -1;

        @Override
        public void handle(Directive d) {
            deliveries.add(d.id());
            if (d.id() == failOn) {
                failOn = -1;
                throw new IllegalStateException("rule store is busy");
            }
            byId.putIfAbsent(d.id(), d);
        }

        List<DirectiveType> types() {
            return byId.values().stream().map(Directive::type).toList();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void directivesArriveInOrderByCursorAcrossANodeRestart(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                NodeFixture b = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            a.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            NodeId bId = b.enrol(hub.registry.issueCode(H2, "B", Duration.ofHours(1)).code()).nodeId();
            byte[] pack = "title: Suspicious PACS export\n".getBytes(StandardCharsets.UTF_8);
            IssuedDirective rules = hub.directives.issue(new DirectiveBody.RulePack("healthcare", "2026.11", pack),
                    Target.all(), "op");
            assertThat(rules.nodes()).hasSize(2);
            hub.directives.issue(new DirectiveBody.IndicatorSet("ransomware-c2", List.of(
                    new DirectiveBody.Indicator("ip", "198.51.100.9"))), Target.tenants(H1), "op");
            hub.directives.issue(new DirectiveBody.Policy("retention", Map.of("days", "180")), Target.nodes(bId), "op");
            hub.directives.issue(warning("Patch the VPN gateway", T0.plus(Duration.ofHours(4))), Target.tenants(H1),
                    "op");

            Recorder ra = new Recorder();
            assertThat(a.fetcher(ra, 2).fetchOnce()).isEqualTo(3);
            assertThat(ra.types()).containsExactly(DirectiveType.RULE_PACK, DirectiveType.INDICATOR_SET,
                    DirectiveType.WARNING);
            assertThat(ra.byId.get(rules.id()).body()).isEqualTo(new DirectiveBody.RulePack("healthcare", "2026.11",
                    pack));
            assertThat(a.state.cursor(NodeState.DIRECTIVES)).isEqualTo(3);

            a.restart();
            assertThat(a.state.cursor(NodeState.DIRECTIVES)).isEqualTo(3);
            IssuedDirective later = hub.directives.issue(new DirectiveBody.Policy("baseline", Map.of("mlps", "3")),
                    Target.all(), "op");
            Recorder ra2 = new Recorder();
            assertThat(a.fetcher(ra2, 2).fetchOnce()).isEqualTo(1);
            assertThat(ra2.byId.keySet()).containsExactly(later.id());
            assertThat(a.fetcher(ra2, 2).fetchOnce()).isZero();

            Recorder rb = new Recorder();
            assertThat(b.fetcher(rb, 100).fetchOnce()).isEqualTo(3);
            assertThat(rb.types()).containsExactly(DirectiveType.RULE_PACK, DirectiveType.POLICY,
                    DirectiveType.POLICY);
            assertThat(rb.byId.values()).extracting(Directive::position).containsExactly(1L, 2L, 3L);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFailingHandlerLeavesTheCursorBeforeTheDirective(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            a.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(hub.directives.issue(new DirectiveBody.Policy("p" + i, Map.of()), Target.all(), "op").id());
            }
            Recorder r = new Recorder();
            r.failOn = ids.get(1);
            assertThatThrownBy(() -> a.fetcher(r, 10).fetchOnce())
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(FederationErrorCode.DIRECTIVE_FAILED.toErrorCode()))
                    .hasMessageContaining("rule store is busy");
            assertThat(a.state.cursor(NodeState.DIRECTIVES)).isEqualTo(1);
            a.restart();
            assertThat(a.fetcher(r, 10).fetchOnce()).isEqualTo(2);
            assertThat(r.deliveries).containsExactly(ids.get(0), ids.get(1), ids.get(1), ids.get(2));
            assertThat(r.byId.keySet()).containsExactlyElementsOf(ids);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aWarningIsReceivedAcknowledgedDisposedAndVerified(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            NodeId aId = a.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code()).nodeId();
            long w = hub.directives.issue(warning("Patch the VPN gateway", T0.plus(Duration.ofHours(4))),
                    Target.tenants(H1), "commission").id();
            long late = hub.directives.issue(warning("Rotate PACS passwords", T0.plus(Duration.ofHours(1))),
                    Target.tenants(H1), "commission").id();
            assertThat(state(hub, w)).isEqualTo(WarningState.SENT);
            assertThatThrownBy(() -> hub.directives.verify(w, aId, "inspector"))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(FederationErrorCode.INVALID_TRANSITION.toErrorCode()))
                    .hasMessageContaining("only a DISPOSED warning");

            clock.advance(Duration.ofMinutes(5));
            Recorder r = new Recorder();
            a.fetcher(r, 10).fetchOnce();
            DirectiveBody.Warning received = (DirectiveBody.Warning) r.byId.get(w).body();
            assertThat(received.requiredActions()).containsExactly("apply vendor patch", "reset admin credentials");
            WarningDelivery d = hub.directives.warning(w).getFirst();
            assertThat(d.state()).isEqualTo(WarningState.RECEIVED);
            assertThat(d.receivedAt()).contains(T0.plus(Duration.ofMinutes(5)));

            a.outbox.append(new ReportBody.WarningAck(w, "duty officer"));
            a.sender.sendPending();
            d = hub.directives.warning(w).getFirst();
            assertThat(d.state()).isEqualTo(WarningState.ACKNOWLEDGED);
            assertThat(d.acknowledgedBy()).contains("duty officer");

            clock.advance(Duration.ofHours(2));
            a.outbox.append(new ReportBody.WarningDisposed(w, "it team", "patched to 9.1.3, credentials reset"));
            a.sender.sendPending();
            d = hub.directives.warning(w).getFirst();
            assertThat(d.state()).isEqualTo(WarningState.DISPOSED);
            assertThat(d.evidence()).contains("patched to 9.1.3, credentials reset");
            assertThat(d.overdue()).isFalse();

            WarningDelivery v = hub.directives.verify(w, aId, "inspector");
            assertThat(v.state()).isEqualTo(WarningState.VERIFIED);
            assertThat(v.verifiedBy()).contains("inspector");

            // the other warning's deadline passed without disposal: it is overdue
            assertThat(hub.directives.overdue(Set.of(H1))).extracting(WarningDelivery::directiveId)
                    .containsExactly(late);
            assertThat(hub.directives.overdue(Set.of(H2))).isEmpty();
            NodeOverview o = hub.region.nodes(Set.of(H1)).getFirst();
            assertThat(o.openWarnings()).isEqualTo(1);
            assertThat(o.overdueWarnings()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aNodeCanNeitherReadNorAnswerAnotherNodesWarnings(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                NodeFixture b = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            a.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            NodeId bId = b.enrol(hub.registry.issueCode(H2, "B", Duration.ofHours(1)).code()).nodeId();
            long forB = hub.directives.issue(warning("B only", T0.plus(Duration.ofHours(4))), Target.nodes(bId),
                    "op").id();

            DirectivePage page = a.client.fetchDirectives(a.credentials(), 0, 100);
            assertThat(page.directives()).isEmpty();
            assertThat(page.cursor()).isZero();

            a.outbox.append(new ReportBody.WarningAck(forB, "intruder"));
            a.outbox.append(new ReportBody.WarningDisposed(forB, "intruder", "nothing to see"));
            InboxAck ack = a.client.sendReports(a.credentials(), a.outbox.pending(10));
            assertThat(ack.rejected()).containsExactly(1L, 2L);
            assertThat(hub.directives.warning(forB)).singleElement()
                    .satisfies(d -> {
                        assertThat(d.state()).isEqualTo(WarningState.SENT);
                        assertThat(d.acknowledgedBy()).isEmpty();
                    });
            String reason = hub.db().jdbi().withHandle(h -> h.createQuery("SELECT rejected_reason FROM hub_report "
                    + "WHERE sequence = 1").mapTo(String.class).one());
            assertThat(reason).isEqualTo("warning " + forB + " was not sent to this node");

            assertThat(b.client.fetchDirectives(b.credentials(), 0, 100).directives())
                    .extracting(Directive::id).containsExactly(forB);
        }
    }

    static DirectiveBody.Warning warning(String title, Instant deadline) {
        return new DirectiveBody.Warning(title, "Exploited in the region since Monday", "high",
                List.of("apply vendor patch", "reset admin credentials"), deadline);
    }

    private static WarningState state(HubFixture hub, long directive) {
        return hub.directives.warning(directive).getFirst().state();
    }
}
