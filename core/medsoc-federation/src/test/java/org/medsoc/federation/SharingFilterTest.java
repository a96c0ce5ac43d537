package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medsoc.common.Settings;

/** What may leave a hospital as a shared indicator, and how sightings read on the wire. */
class SharingFilterTest {
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private final SharingFilter filter =
            SharingFilter.fromSettings(Settings.of(Map.of(SharingFilter.INTERNAL_DOMAINS_SETTING, "hospital.local, .his.example.cn")));

    private static ReportBody.IndicatorSighting sighting(String kind, String value) {
        return new ReportBody.IndicatorSighting(kind, value, 1, T0, T0);
    }

    @ParameterizedTest
    @CsvSource({
            "ip, 10.1.2.3, private",
            "ip, 172.20.0.5, private",
            "ip, 192.168.10.1, private",
            "ip, 127.0.0.1, private",
            "ip, 169.254.169.254, private",
            "cidr, 10.0.0.0/16, private",
            "cidr, 0.0.0.0/0, private",
            "ip, fd12:3456::1, private",
            "ip, fe80::1%eth0, private",
            "ip, ::1, private",
            "ip, ::ffff:192.168.1.1, private",
            "url, http://10.0.0.8/login, private",
            "url, 'https://[fe80::2]:8443/x', private",
            "domain, pacs.hospital.local, internal domain",
            "url, https://emr.his.example.cn/patient, internal domain",
            "domain, nas.local, internal domain",
            "url, http://localhost:8080/, internal domain",
            "email, doctor@example.org, e-mail",
            "url, https://evil.example/u/nurse@hospital.example.org/x, e-mail",
            "other, 'patient 11010519491231002X admitted', resident id",
            "other, 'call 13812345678', mobile",
            "other, 'call +8613812345678', mobile",
    })
    void refusesWhatNamesHospitalTopologyOrPersonalData(String kind, String value, String reason) {
        SharingFilter.Outcome out = filter.filter(List.of(sighting(kind, value)));
        assertThat(out.shared()).isEmpty();
        assertThat(out.refused()).singleElement().satisfies(r -> assertThat(r.reason()).contains(reason));
    }

    @ParameterizedTest
    @CsvSource({
            "ip, 198.51.100.9",
            "ip, 8.8.8.8",
            "cidr, 203.0.113.0/24",
            "ip, 2001:db8::1",
            "domain, evil.example",
            "domain, localhost-lures.example",
            "domain, hospital.local.evil.example",
            "domain, local.example",
            "sha256, 13812345678aa0000000000000000000000000000000000000000000000000ff",
            "md5, 110105194912310020aaaaaaaaaaaaaa",
            "other, 'order 110105194912310021'",
            "other, 'call 12812345678'",
    })
    void letsPublicIndicatorsThrough(String kind, String value) {
        SharingFilter.Outcome out = filter.filter(List.of(sighting(kind, value)));
        assertThat(out.refused()).isEmpty();
        assertThat(out.shared()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(value));
    }

    @Test
    void removesQueryStringsAndFragmentsFromUrls() {
        SharingFilter.Outcome out = filter.filter(List.of(
                sighting("url", "https://evil.example/payload.php?patient=4711&ward=3#top"),
                sighting("url", "https://evil.example/a#frag?x")));
        assertThat(out.shared()).extracting(ReportBody.IndicatorSighting::value)
                .containsExactly("https://evil.example/payload.php", "https://evil.example/a");
    }

    @Test
    void refusesOrganisationDistributionSharingGroupsAndRestrictiveTlp() {
        List<ReportBody.IndicatorSighting> in = List.of(
                new ReportBody.IndicatorSighting("ip", "198.51.100.1", 1, T0, T0, "ORGANISATION", "CLEAR"),
                new ReportBody.IndicatorSighting("ip", "198.51.100.2", 1, T0, T0, "SHARING_GROUP", "GREEN"),
                new ReportBody.IndicatorSighting("ip", "198.51.100.3", 1, T0, T0, "ALL", "RED"),
                new ReportBody.IndicatorSighting("ip", "198.51.100.4", 1, T0, T0, "ALL", "TLP:AMBER+STRICT"),
                new ReportBody.IndicatorSighting("ip", "198.51.100.5", 1, T0, T0, "connected_communities", "tlp:green"));
        SharingFilter.Outcome out = filter.filter(in);
        assertThat(out.refused()).extracting(SharingFilter.Refusal::reason).containsExactly(
                "its distribution is ORGANISATION: it stays in the hospital",
                "its distribution is a sharing group, which the hub does not know",
                "it is TLP:RED (named recipients only)",
                "it is TLP:AMBER+STRICT (the organisation only)");
        assertThat(out.shared()).singleElement().satisfies(s -> {
            assertThat(s.distribution()).isEqualTo("CONNECTED_COMMUNITIES");
            assertThat(s.tlp()).isEqualTo("GREEN");
        });
        assertThat(filter.refusalOf(in.get(4))).isEmpty();
    }

    @Test
    void rejectsUnknownDistributionAndTlpNames() {
        assertThatThrownBy(() -> new ReportBody.IndicatorSighting("ip", "198.51.100.1", 1, T0, T0, "EVERYONE", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EVERYONE");
        assertThatThrownBy(() -> new ReportBody.IndicatorSighting("ip", "198.51.100.1", 1, T0, T0, null, "PURPLE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PURPLE");
    }

    @Test
    void readsOldPayloadsWithoutDistributionAsCommunityAmberAndWritesNewOnes() throws IOException {
        String legacy;
        try (InputStream in = getClass().getResourceAsStream("/sharing/legacy-shared-indicators.json")) {
            legacy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ReportBody.SharedIndicators body =
                (ReportBody.SharedIndicators) Wire.reportBody(ReportType.SHARED_INDICATORS, legacy);
        assertThat(body.indicators()).singleElement().satisfies(s -> {
            assertThat(s.distribution()).isEqualTo("COMMUNITY");
            assertThat(s.tlp()).isEqualTo("AMBER");
            assertThat(s.sightings()).isEqualTo(3);
        });
        ReportBody.SharedIndicators modern = new ReportBody.SharedIndicators(List.of(
                new ReportBody.IndicatorSighting("domain", "evil.example", 2, T0, T0, "ALL", "CLEAR")));
        String json = Wire.json(modern);
        assertThat(json).contains("\"distribution\":\"ALL\"").contains("\"tlp\":\"CLEAR\"");
        assertThat(Wire.reportBody(ReportType.SHARED_INDICATORS, json)).isEqualTo(modern);
    }
}
