package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.TenantId;

class IncidentSlaTest extends ServiceFixture {

    private Incident openOne(IncidentService s, TenantId tenant, String id) {
        s.onAlerts(List.of(alert(tenant, id, "r-" + id, "h-" + id, clock.instant()).build()));
        return s.list(tenant, IncidentQuery.all().withTitleContains("h-" + id)).items().get(0);
    }

    private Incident openOne(IncidentService s, String id) {
        return openOne(s, A, id);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void responseAndResolutionTargetsMoveFromOnTrackToAtRiskToBreachedOrMet(Dialect dialect) {
        IncidentService s = open(dialect);
        Incident i = openOne(s, "s1");
        assertThat(i.sla()).isEqualTo(new SlaStatus(NINE.plus(Duration.ofMinutes(30)), SlaState.ON_TRACK,
                Instant.parse("2026-11-25T15:59:59.999Z"), SlaState.ON_TRACK));
        clock.advance(Duration.ofMinutes(25));
        assertThat(s.load(A, i.id()).sla().response()).isEqualTo(SlaState.AT_RISK);
        clock.advance(Duration.ofMinutes(6));
        Incident late = s.load(A, i.id());
        assertThat(late.sla().response()).isEqualTo(SlaState.BREACHED);
        assertThat(late.sla().breached()).isTrue();
        Incident acked = s.acknowledge(A, i.id(), late.version(), LI);
        assertThat(acked.sla().response()).as("a late response stays breached").isEqualTo(SlaState.BREACHED);
        assertThat(acked.sla().resolution()).isEqualTo(SlaState.ON_TRACK);
        clock.set(Instant.parse("2026-11-25T14:00:00Z")); // 22:00 Shanghai, less than 20% of the day left
        assertThat(s.load(A, i.id()).sla().resolution()).isEqualTo(SlaState.AT_RISK);
        Incident resolved = s.resolve(A, i.id(), acked.version(), LI, Resolution.TRUE_POSITIVE, "done");
        assertThat(resolved.sla().resolution()).isEqualTo(SlaState.MET);

        clock.set(NINE);
        Incident j = openOne(s, "s2");
        clock.advance(Duration.ofMinutes(29));
        Incident met = s.acknowledge(A, j.id(), j.version(), LI);
        assertThat(met.sla().response()).isEqualTo(SlaState.MET);
        clock.set(Instant.parse("2026-11-25T16:00:00Z")); // 00:00 on the 26th in Shanghai
        assertThat(s.load(A, j.id()).sla().resolution()).isEqualTo(SlaState.BREACHED);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void lateEveningIncidentsAndSpecialProtectionUseTheTenantsPolicy(Dialect dialect) {
        IncidentService s = open(dialect);
        clock.set(Instant.parse("2026-11-25T13:00:00Z")); // 21:00 Shanghai
        assertThat(openOne(s, "late").sla().resolutionDue()).isEqualTo(Instant.parse("2026-11-26T04:00:00Z"));
        // the same instant for a tenant in UTC is 13:00, due the same UTC day
        policies.setSla(B, SlaPolicy.defaults(java.time.ZoneOffset.UTC));
        assertThat(openOne(s, B, "late").sla().resolutionDue()).isEqualTo(Instant.parse("2026-11-25T23:59:59.999Z"));
        clock.set(NINE);
        policies.setSpecialProtection(A, true);
        Incident guarded = openOne(s, "guarded");
        assertThat(guarded.sla().responseDue()).isEqualTo(NINE.plus(Duration.ofMinutes(15)));
        assertThat(guarded.sla().resolutionDue()).isEqualTo(Instant.parse("2026-11-25T08:30:00Z"));
        policies.setSpecialProtection(A, false);
        assertThat(openOne(s, "normal").sla().responseDue()).isEqualTo(NINE.plus(Duration.ofMinutes(30)));
        assertThat(s.load(A, guarded.id()).sla().responseDue()).as("deadlines are fixed when opened")
                .isEqualTo(NINE.plus(Duration.ofMinutes(15)));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void overdueAndDueSoonListOpenIncidentsPerTenant(Dialect dialect) {
        IncidentService s = open(dialect);
        Incident unanswered = openOne(s, "o1");
        Incident answered = openOne(s, "o2");
        answered = s.acknowledge(A, answered.id(), answered.version(), LI);
        Incident otherTenant = openOne(s, B, "o3");
        Incident done = openOne(s, "o4");
        s.markFalsePositive(A, done.id(), done.version(), LI, "test traffic");
        clock.advance(Duration.ofMinutes(20));
        assertThat(s.overdue(List.of(A), 100)).isEmpty();
        assertThat(s.dueSoon(List.of(A), Duration.ofMinutes(15), 100)).extracting(Incident::id)
                .containsExactly(unanswered.id());
        clock.advance(Duration.ofMinutes(11));
        assertThat(s.overdue(List.of(A), 100)).extracting(Incident::id).containsExactly(unanswered.id());
        assertThat(s.overdue(List.of(B), 100)).extracting(Incident::id).containsExactly(otherTenant.id());
        assertThat(s.overdue(List.of(A, B), 100)).extracting(Incident::tenant).containsOnly(A, B).hasSize(2);
        assertThat(s.dueSoon(List.of(A), Duration.ofMinutes(15), 100)).isEmpty();
        clock.set(Instant.parse("2026-11-25T16:00:01Z")); // past the end of the Shanghai day
        assertThat(s.overdue(List.of(A), 100)).extracting(Incident::id)
                .containsExactlyInAnyOrder(unanswered.id(), answered.id());
        assertThat(s.overdue(List.of(A), 1)).hasSize(1);
        assertThat(s.overdue(List.of(), 10)).isEmpty();
        assertThat(s.list(A, IncidentQuery.fromParameters(java.util.Map.of("sla_breached", List.of("true")))).total())
                .isEqualTo(2);
        assertThat(s.list(A, IncidentQuery.fromParameters(java.util.Map.of("sla_breached", List.of("false"))))
                .items()).extracting(Incident::id).containsExactly(done.id());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void metricsGiveMeanTimesCountsAndCompliance(Dialect dialect) {
        IncidentService s = open(dialect);
        Incident fast = openOne(s, "m1");
        Incident slow = openOne(s, "m2");
        Incident ignored = openOne(s, "m3");
        openOne(s, B, "m4");
        clock.advance(Duration.ofMinutes(10));
        fast = s.acknowledge(A, fast.id(), fast.version(), LI);
        clock.advance(Duration.ofMinutes(30));
        slow = s.acknowledge(A, slow.id(), slow.version(), LI);
        clock.set(NINE.plus(Duration.ofHours(2)));
        s.resolve(A, fast.id(), fast.version(), LI, Resolution.TRUE_POSITIVE, "contained");
        Instant from = NINE.minus(Duration.ofHours(1));
        Instant to = NINE.plus(Duration.ofHours(1));
        IncidentMetrics m = s.metrics(A, from, to);
        assertThat(m.opened()).isEqualTo(3);
        assertThat(m.byState()).containsEntry(IncidentState.RESOLVED, 1L).containsEntry(IncidentState.TRIAGING, 1L)
                .containsEntry(IncidentState.NEW, 1L).containsEntry(IncidentState.CLOSED, 0L);
        assertThat(m.bySeverity()).containsEntry(Severity.MEDIUM, 3L);
        assertThat(m.meanTimeToAcknowledge()).contains(Duration.ofMinutes(25));
        assertThat(m.meanTimeToResolve()).contains(Duration.ofHours(2));
        assertThat(m.responseCompliance().getAsDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(m.resolutionCompliance().getAsDouble()).isEqualTo(1.0);
        assertThat(m.slaCompliance().getAsDouble()).isEqualTo(1.0);
        clock.set(Instant.parse("2026-11-26T00:00:00Z")); // 08:00 next day in Shanghai
        IncidentMetrics next = s.metrics(A, from, to);
        assertThat(next.resolutionCompliance().getAsDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(next.slaCompliance().getAsDouble()).isCloseTo(1.0 / 3, within(1e-9));
        IncidentMetrics empty = s.metrics(A, to, to.plusSeconds(60));
        assertThat(empty.opened()).isZero();
        assertThat(empty.meanTimeToAcknowledge()).isEmpty();
        assertThat(empty.slaCompliance()).isEmpty();
        assertThat(ignored.state()).isEqualTo(IncidentState.NEW);
        assertFails(IncidentErrorCode.INVALID_FILTER, () -> s.metrics(A, to, from))
                .hasMessageContaining("is not before its end");
    }
}
