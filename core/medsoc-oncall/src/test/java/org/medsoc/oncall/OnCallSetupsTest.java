package org.medsoc.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.TenantId;

class OnCallSetupsTest {
    private static final TenantId H = TenantId.of("hospital-a");

    @Test
    void readsAHospitalsRosterAndEscalation() {
        TenantOnCall setup = OnCallSetups.parse(H, """
                zone: Asia/Shanghai
                contacts:
                  - {id: zhang, name: 张敏, language: zh, channels: {dingtalk-soc: "13800000001", sms: "13800000001"}}
                  - {id: li, name: 李强, channels: {dingtalk-soc: "13800000002"}}
                shifts:
                  - {name: day, days: workdays, start: "08:00", end: "18:00", chain: [zhang, li]}
                  - {name: night, days: every-day, start: "18:00", end: "08:00", chain: [li, zhang]}
                  - {name: weekend-day, days: [SAT, SUN], start: "08:00", end: "18:00", chain: [li]}
                escalation:
                  levels: [{after: 0m, channels: [dingtalk-soc]}, {after: 10m, channels: [sms]}]
                  repeat: 30m
                  max-repeats: 2
                quiet-hours: {start: "23:00", end: "07:00", minimum: high, channels: [sms]}
                """);
        OnCallDirectory directory = OnCallDirectory.create(Set.of("dingtalk-soc", "sms"));
        directory.register(setup);
        // Wednesday 2026-11-25 10:00 in Shanghai is 02:00 UTC: the day shift, Zhang first
        assertThat(directory.onDuty(H, Instant.parse("2026-11-25T02:00:00Z"))).extracting(Contact::id)
                .containsExactly("zhang", "li");
        // 22:00 Shanghai: the night shift
        assertThat(directory.onDuty(H, Instant.parse("2026-11-25T14:00:00Z"))).extracting(Contact::id)
                .containsExactly("li", "zhang");
        assertThat(setup.defaultPolicy().levels()).hasSize(2);
        assertThat(setup.quietHours()).isPresent();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> OnCallSetups.parse(H, """
                zone: Mars/Olympus
                contacts: [{name: no-id, channels: {sms: "1"}}]
                shifts: [{name: day, days: [FUNDAY], start: "8am", end: "18:00", chain: [nobody]}]
                escalation: {levels: [{after: soon, channels: [sms]}]}
                colour: blue
                """))
                .hasMessageContaining("zone 'Mars/Olympus'")
                .hasMessageContaining("contacts[0].id is required")
                .hasMessageContaining("'FUNDAY' is not a day")
                .hasMessageContaining("shifts[0].start must be a time")
                .hasMessageContaining("escalation.levels[0].after must be a duration")
                .hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> OnCallSetups.parse(H, "[unclosed")).hasMessageContaining("not valid YAML");
    }
}
