package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlaPolicyTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void defaultResponseIsThirtyMinutesForEverySeverity() {
        SlaPolicy p = SlaPolicy.defaults(SHANGHAI);
        Instant start = Instant.parse("2026-11-25T01:00:00Z");
        for (Severity s : Severity.values()) {
            assertThat(p.responseDue(s, start)).isEqualTo(Instant.parse("2026-11-25T01:30:00Z"));
        }
    }

    @Test
    void resolutionIsDueAtTheEndOfTheLocalDayInShanghai() {
        SlaPolicy p = SlaPolicy.defaults(SHANGHAI);
        // 09:00 in Shanghai → 23:59:59.999 Shanghai = 15:59:59.999 UTC
        assertThat(p.resolutionDue(Severity.HIGH, Instant.parse("2026-11-25T01:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-25T15:59:59.999Z"));
        // 17:30 UTC on the 24th is 01:30 on the 25th in Shanghai: the local day decides, not the UTC day
        assertThat(p.resolutionDue(Severity.HIGH, Instant.parse("2026-11-24T17:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-25T15:59:59.999Z"));
        // the same instant in UTC is the evening of the 24th, still before 20:00
        assertThat(SlaPolicy.defaults(ZoneId.of("UTC")).resolutionDue(Severity.HIGH,
                Instant.parse("2026-11-24T17:30:00Z"))).isEqualTo(Instant.parse("2026-11-24T23:59:59.999Z"));
    }

    @Test
    void lateIncidentsAreDueAtNoonTheNextDay() {
        SlaPolicy p = SlaPolicy.defaults(SHANGHAI);
        // 19:59:59 Shanghai: still the same day
        assertThat(p.resolutionDue(Severity.LOW, Instant.parse("2026-11-25T11:59:59Z")))
                .isEqualTo(Instant.parse("2026-11-25T15:59:59.999Z"));
        // 20:00 Shanghai: next day 12:00 Shanghai = 04:00 UTC
        assertThat(p.resolutionDue(Severity.LOW, Instant.parse("2026-11-25T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-26T04:00:00Z"));
        // strict same-day rule: 23:00 Shanghai is due 59 minutes later
        SlaPolicy strict = p.withTargets(Severity.LOW,
                new SlaPolicy.Targets(Duration.ofMinutes(30), SlaPolicy.EndOfDay.strict()));
        assertThat(strict.resolutionDue(Severity.LOW, Instant.parse("2026-11-25T15:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-25T15:59:59.999Z"));
    }

    @Test
    void specialProtectionTightensEveryTarget() {
        SlaPolicy p = SlaPolicy.defaults(SHANGHAI).withSpecialProtection(true);
        Instant nine = Instant.parse("2026-11-25T01:00:00Z");
        assertThat(p.responseDue(Severity.MEDIUM, nine)).isEqualTo(Instant.parse("2026-11-25T01:15:00Z"));
        // window 09:00 → 23:59:59.999 is 53,999,999 ms; half rounds to 27,000,000 ms = 7.5 h → 16:30 Shanghai
        assertThat(p.resolutionDue(Severity.MEDIUM, nine)).isEqualTo(Instant.parse("2026-11-25T08:30:00Z"));
        SlaPolicy tenth = p.withSpecialProtectionFactor(0.1);
        assertThat(tenth.responseDue(Severity.MEDIUM, nine)).isEqualTo(Instant.parse("2026-11-25T01:03:00Z"));
        SlaPolicy fixed = SlaPolicy.defaults(SHANGHAI).withTargets(Severity.CRITICAL, new SlaPolicy.Targets(
                Duration.ofMinutes(10), new SlaPolicy.Within(Duration.ofHours(4)))).withSpecialProtection(true);
        assertThat(fixed.resolutionDue(Severity.CRITICAL, nine)).isEqualTo(nine.plus(Duration.ofHours(2)));
        assertThat(fixed.responseDue(Severity.CRITICAL, nine)).isEqualTo(nine.plus(Duration.ofMinutes(5)));
    }

    @Test
    void rejectsMalformedPolicies() {
        assertThatThrownBy(() -> SlaPolicy.defaults(SHANGHAI).withSpecialProtectionFactor(0))
                .hasMessageContaining("special-protection factor must be in (0, 1]");
        assertThatThrownBy(() -> new SlaPolicy.Targets(Duration.ofSeconds(5), SlaPolicy.EndOfDay.strict()))
                .hasMessageContaining("response target must be between 1 minute and 7 days");
        assertThatThrownBy(() -> new SlaPolicy.EndOfDay(LocalTime.NOON, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTargetIsAtRiskInTheLastFifthOfItsWindow() {
        Instant start = Instant.parse("2026-11-25T01:00:00Z");
        Instant due = start.plus(Duration.ofMinutes(30));
        assertThat(SlaStatus.stateOf(start, due, Optional.empty(), start.plus(Duration.ofMinutes(20))))
                .isEqualTo(SlaState.ON_TRACK);
        assertThat(SlaStatus.stateOf(start, due, Optional.empty(), start.plus(Duration.ofMinutes(24))))
                .isEqualTo(SlaState.ON_TRACK);
        assertThat(SlaStatus.stateOf(start, due, Optional.empty(), start.plus(Duration.ofMinutes(25))))
                .isEqualTo(SlaState.AT_RISK);
        assertThat(SlaStatus.stateOf(start, due, Optional.empty(), due)).isEqualTo(SlaState.AT_RISK);
        assertThat(SlaStatus.stateOf(start, due, Optional.empty(), due.plusMillis(1))).isEqualTo(SlaState.BREACHED);
        assertThat(SlaStatus.stateOf(start, due, Optional.of(due), due.plusSeconds(999))).isEqualTo(SlaState.MET);
        assertThat(SlaStatus.stateOf(start, due, Optional.of(due.plusMillis(1)), due)).isEqualTo(SlaState.BREACHED);
    }
}
