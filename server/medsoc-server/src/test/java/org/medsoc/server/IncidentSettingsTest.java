package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.incident.IncidentPolicies;
import org.medsoc.incident.Severity;
import org.medsoc.incident.SlaPolicy;
import org.medsoc.spi.event.TenantId;

class IncidentSettingsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void defaultsAreThirtyMinutesAndTheSameDay() {
        SlaPolicy sla = IncidentSettings.policies(Settings.empty(), SHANGHAI).sla(TenantId.DEFAULT);
        Instant nineAm = Instant.parse("2026-11-25T01:00:00Z"); // 09:00 in Shanghai
        assertThat(sla.responseDue(Severity.HIGH, nineAm)).isEqualTo(nineAm.plus(Duration.ofMinutes(30)));
        assertThat(sla.resolutionDue(Severity.HIGH, nineAm)).isEqualTo(Instant.parse("2026-11-25T15:59:59.999Z"));
    }

    @Test
    void readsTargetsPerSeverityAndSpecialProtection() {
        IncidentPolicies p = IncidentSettings.policies(Settings.of(Map.of(
                "incident.sla.response.critical", "10m",
                "incident.sla.resolution.critical", "4h",
                "incident.sla.special-protection", "true",
                "incident.sla.special-protection-factor", "0.5")), SHANGHAI);
        SlaPolicy sla = p.sla(TenantId.DEFAULT);
        Instant t = Instant.parse("2026-11-25T01:00:00Z");
        assertThat(sla.responseDue(Severity.CRITICAL, t)).isEqualTo(t.plus(Duration.ofMinutes(5)));
        assertThat(sla.resolutionDue(Severity.CRITICAL, t)).isEqualTo(t.plus(Duration.ofHours(2)));
        assertThat(sla.responseDue(Severity.LOW, t)).isEqualTo(t.plus(Duration.ofMinutes(15)));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> IncidentSettings.policies(Settings.of(Map.of(
                "incident.sla.special-protection-factor", "lots")), SHANGHAI))
                .hasMessageContaining("incident.sla.special-protection-factor");
        assertThatThrownBy(() -> IncidentSettings.policies(Settings.of(Map.of(
                "incident.sla.special-protection-factor", "2")), SHANGHAI))
                .hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> IncidentSettings.policies(Settings.of(Map.of(
                "incident.grouping.window", "0s")), SHANGHAI))
                .hasMessageContaining("incident.grouping.window");
    }
}
