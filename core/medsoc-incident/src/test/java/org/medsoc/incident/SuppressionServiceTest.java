package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.database.Dialect;

class SuppressionServiceTest extends ServiceFixture {

    private static AlertRecord scan(String id, String src) {
        return alert(A, id, "port-scan", "pacs-01", NINE).entity(EntityField.SOURCE_IP, src).build();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aMatchingAlertOpensNoIncidentButIsCountedOnceUntilTheEntryExpires(Dialect dialect) {
        IncidentService s = open(dialect);
        SuppressionRule rule = s.suppressions().create(A, LI, new SuppressionDraft("port-scan", List.of(
                new SuppressionCondition.Cidr(EntityField.SOURCE_IP, "10.8.0.0/16"),
                new SuppressionCondition.In(EntityField.HOST_NAME, List.of("pacs-01", "pacs-02"))),
                NINE.plus(Duration.ofDays(7)), "weekly authorised vulnerability scan from the IT scanner"));
        assertThat(rule.hitCount()).isZero();
        assertThat(rule.author()).isEqualTo(LI);
        assertThat(s.onAlerts(List.of(scan("s1", "10.8.1.1"), scan("s2", "10.8.200.9"))))
                .isEqualTo(new IntakeResult(0, 0, 2, 0));
        assertThat(s.list(A, IncidentQuery.all()).total()).isZero();
        assertThat(s.onAlerts(List.of(scan("s1", "10.8.1.1")))).isEqualTo(new IntakeResult(0, 0, 0, 1));
        SuppressionRule counted = s.suppressions().find(A, rule.id()).orElseThrow();
        assertThat(counted.hitCount()).isEqualTo(2);
        assertThat(counted.lastHitAt()).contains(NINE);
        // outside the block, or another rule: an incident opens
        assertThat(s.onAlerts(List.of(scan("s3", "192.168.1.1")))).isEqualTo(new IntakeResult(1, 1, 0, 0));
        // after expiry the entry stops applying by itself
        clock.advance(Duration.ofDays(7));
        assertThat(s.onAlerts(List.of(scan("s4", "10.8.1.1")))).isEqualTo(new IntakeResult(0, 1, 0, 0));
        assertThat(s.suppressions().find(A, rule.id()).orElseThrow().hitCount()).isEqualTo(2);
        assertThat(s.suppressions().list(A, false)).isEmpty();
        assertThat(s.suppressions().list(A, true)).extracting(SuppressionRule::id).containsExactly(rule.id());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void entriesAreValidatedReplacedDeletedAndKeptPerTenant(Dialect dialect) {
        IncidentService s = open(dialect);
        var ok = List.<SuppressionCondition>of(new SuppressionCondition.Equals(EntityField.USER_NAME, "backup"));
        var week = NINE.plus(Duration.ofDays(7));
        assertFails(IncidentErrorCode.INVALID_SUPPRESSION, () -> s.suppressions().create(A, LI,
                new SuppressionDraft("r", ok, week, "  "))).hasMessageContaining("a reason of 1 to 2000 characters");
        assertFails(IncidentErrorCode.INVALID_SUPPRESSION, () -> s.suppressions().create(A, LI,
                new SuppressionDraft("r", ok, NINE.plus(Duration.ofDays(181)), "x")))
                .hasMessageContaining("more than 180 days ahead");
        assertFails(IncidentErrorCode.INVALID_SUPPRESSION, () -> s.suppressions().create(A, LI,
                new SuppressionDraft("r", ok, NINE, "x"))).hasMessageContaining("is not in the future");
        assertFails(IncidentErrorCode.INVALID_SUPPRESSION, () -> s.suppressions().create(A, LI,
                new SuppressionDraft("*", List.of(), week, "x"))).hasMessageContaining("needs at least one condition");
        assertFails(IncidentErrorCode.INVALID_SUPPRESSION, () -> s.suppressions().create(A, LI,
                new SuppressionDraft("r", List.of(new SuppressionCondition.Cidr(EntityField.SOURCE_IP, "10.0.0.300/8")),
                        week, "x"))).hasMessageContaining("invalid CIDR block '10.0.0.300/8'");
        assertThat(s.suppressions().list(A, true)).isEmpty();

        SuppressionRule r = s.suppressions().create(A, LI, new SuppressionDraft("*", ok, week, "backup account"));
        assertThat(s.suppressions().find(A, r.id()).orElseThrow().conditions()).isEqualTo(ok);
        SuppressionRule replaced = s.suppressions().replace(A, r.id(), r.version(), ZHANG, new SuppressionDraft("r7",
                List.of(new SuppressionCondition.Cidr(EntityField.DESTINATION_IP, "2001:db8::/32")), week, "v6 lab"));
        assertThat(replaced.ruleId()).isEqualTo("r7");
        assertThat(replaced.conditions()).containsExactly(
                new SuppressionCondition.Cidr(EntityField.DESTINATION_IP, "2001:db8::/32"));
        assertFails(DatabaseErrorCode.CONCURRENT_MODIFICATION, () -> s.suppressions().replace(A, r.id(), r.version(),
                LI, new SuppressionDraft("r8", ok, week, "stale")));
        assertThat(s.suppressions().find(B, r.id())).isEmpty();
        assertThat(s.suppressions().list(B, true)).isEmpty();
        assertFails(IncidentErrorCode.SUPPRESSION_NOT_FOUND, () -> s.suppressions().delete(B, r.id(), LI));
        // tenant B's alerts are never suppressed by tenant A's entries
        s.onAlerts(List.of(alert(B, "b1", "r7", "h", NINE).entity(EntityField.DESTINATION_IP, "2001:db8::1").build()));
        assertThat(s.list(B, IncidentQuery.all()).total()).isEqualTo(1);
        s.suppressions().delete(A, r.id(), LI);
        assertThat(s.suppressions().find(A, r.id())).isEmpty();
    }
}
