package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.server.HospitalTraffic.Attack;
import org.medsoc.spi.error.MedsocException;

/**
 * The hospitals of {@code demo --hub}: each has its own tenant and attack mix, exactly the first two share the
 * attacker a region-wide trace finds, and a hospital's traffic carries only the attacks of its profile.
 */
class HubDemoHospitalsTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant START = Instant.parse("2026-11-24T02:00:00Z");

    @Test
    void exactlyTheFirstTwoHospitalsShareTheAttacker() {
        List<HubDemo.Hospital> hospitals = HubDemo.hospitals(5);
        assertThat(hospitals).extracting(h -> h.tenant().value()).doesNotHaveDuplicates()
                .startsWith("city-no1", "city-tcm", "district-mch");
        assertThat(hospitals).filteredOn(h -> h.profile().attacker().equals(HubDemo.SHARED_ATTACKER))
                .extracting(h -> h.tenant().value()).containsExactly("city-no1", "city-tcm");
        assertThat(hospitals).extracting(h -> h.profile().attacks()).doesNotHaveDuplicates();
        assertThat(HubDemo.hospitals(2)).isEqualTo(hospitals.subList(0, 2));
    }

    @Test
    void refusesHospitalCountsOutsideTheRange() {
        assertThatThrownBy(() -> HubDemo.hospitals(0)).isInstanceOf(MedsocException.class)
                .hasMessageContaining("--hospitals must be 1 to " + HubDemo.MAX_HOSPITALS);
        assertThatThrownBy(() -> HubDemo.hospitals(HubDemo.MAX_HOSPITALS + 1)).isInstanceOf(MedsocException.class);
    }

    @Test
    void aHospitalWithoutNetworkAttacksNeverSeesAnyAttacker() {
        HospitalTraffic.Profile quiet = new HospitalTraffic.Profile("192.0.2.145", EnumSet.of(Attack.DATA_MISUSE),
                false);
        List<String> lines = lines(new HospitalTraffic(11, ZONE, quiet), 20_000);
        assertThat(lines).noneMatch(l -> l.contains("192.0.2.145") || l.contains(HubDemo.SHARED_ATTACKER));
        assertThat(lines).noneMatch(l -> l.contains("sqlmap") || l.contains("sekurlsa") || l.contains("vssadmin")
                || l.contains("Failed password") || l.contains("ETERNALBLUE") || l.contains("CEF:0|Chaitin"));
        assertThat(lines).noneMatch(l -> l.contains("<999>") || l.contains("CEF:0|OnlyThree"));
        assertThat(lines).anyMatch(l -> l.contains("AE_RESEARCH01") && l.contains("C-MOVE"));
        assertThat(lines).anyMatch(l -> l.contains("vendor-"));
    }

    @Test
    void attacksComeFromTheProfilesAttackerOnly() {
        HospitalTraffic.Profile web = new HospitalTraffic.Profile("198.18.0.7",
                EnumSet.of(Attack.WEB_ATTACKS, Attack.BRUTE_FORCE), false);
        List<String> lines = lines(new HospitalTraffic(12, ZONE, web), 20_000);
        assertThat(lines).anyMatch(l -> l.contains("sqlmap") && l.startsWith("<190>") && l.contains("198.18.0.7"));
        assertThat(lines).anyMatch(l -> l.contains("Failed password") && l.contains("from 198.18.0.7 "));
        assertThat(lines).anyMatch(l -> l.contains("CEF:0|Chaitin") && l.contains("src=198.18.0.7 "));
        assertThat(lines).noneMatch(l -> l.contains(HubDemo.SHARED_ATTACKER));
        assertThat(lines).noneMatch(l -> l.contains("sekurlsa") || l.contains("vssadmin") || l.contains("ETERNALBLUE")
                || l.contains("AnyDesk"));
    }

    @Test
    void theDefaultProfileCarriesEveryAttackAndMalformedLines() {
        List<String> lines = lines(new HospitalTraffic(13, ZONE), 20_000);
        assertThat(lines).anyMatch(l -> l.contains("sekurlsa"));
        assertThat(lines).anyMatch(l -> l.contains("ETERNALBLUE") && l.contains(HubDemo.SHARED_ATTACKER));
        assertThat(lines).anyMatch(l -> l.contains("Failed password"));
        assertThat(lines).anyMatch(l -> l.contains("AnyDesk"));
        assertThat(lines).anyMatch(l -> l.contains("<999>") || l.contains("CEF:0|OnlyThree")
                || l.contains("\"truncated"));
    }

    private static List<String> lines(HospitalTraffic traffic, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(traffic.next(START.plusMillis(i * 180L)).text());
        }
        return out;
    }
}
