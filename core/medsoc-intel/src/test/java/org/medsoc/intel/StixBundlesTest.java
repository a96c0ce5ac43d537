package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

class StixBundlesTest {
    private static final Instant EXPORTED = Instant.parse("2026-11-01T00:00:00Z");

    private static ImportResult readResource(String name) throws IOException {
        try (InputStream in = StixBundlesTest.class.getResourceAsStream("/stix/" + name)) {
            return StixBundles.read(in, "commission", Tlp.AMBER);
        }
    }

    @Test
    void readsIndicatorsWithOrPatternsMarkingsAndObservables() throws IOException {
        ImportResult result = readResource("commission-feed.json");
        assertThat(result.indicators()).extracting(Indicator::type, Indicator::value, Indicator::tlp)
                .containsExactly(
                        tuple(IndicatorType.IPV4, "203.0.113.77", Tlp.GREEN),
                        tuple(IndicatorType.DOMAIN, "patient-portal-login.example", Tlp.AMBER_STRICT),
                        tuple(IndicatorType.DOMAIN, "xn--bcher-kva.example", Tlp.AMBER_STRICT),
                        tuple(IndicatorType.SHA256,
                                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Tlp.RED),
                        tuple(IndicatorType.MD5, "d41d8cd98f00b204e9800998ecf8427e", Tlp.RED),
                        tuple(IndicatorType.URL, "http://phish.example/his/login?next=%2F", Tlp.AMBER),
                        tuple(IndicatorType.EMAIL, "billing@phish.example", Tlp.AMBER),
                        tuple(IndicatorType.CIDR, "100.64.12.0/22", Tlp.AMBER),
                        tuple(IndicatorType.SHA1, "3395856ce81f2b7382dee72602f798b642f14140", Tlp.AMBER));
        Indicator c2 = result.indicators().get(0);
        assertThat(c2.confidence()).isEqualTo(85);
        assertThat(c2.tags()).containsExactly("ransomware", "c2");
        assertThat(c2.firstSeen()).contains(Instant.parse("2026-10-02T09:00:00Z"));
        assertThat(c2.validUntil()).contains(Instant.parse("2027-01-02T09:00:00Z"));
        assertThat(c2.stixId()).contains("indicator--1a1a1a1a-0001-4000-8000-000000000001");
        assertThat(c2.source()).isEqualTo("commission");
        assertThat(result.indicators().get(1).confidence()).isEqualTo(Indicator.DEFAULT_CONFIDENCE);
        // count and first_seen of the sighting are kept (3 observations from 10:15 to 10:45)
        assertThat(result.sightings()).containsExactly(new Sighting(c2.key(), Instant.parse("2026-10-04T10:45:00Z"),
                SightingKind.SEEN, "commission", 3, "", Instant.parse("2026-10-04T10:15:00Z")));
    }

    @Test
    void reportsEveryUnreadableObjectWithItsIdAndReason() throws IOException {
        ImportResult result = readResource("commission-feed.json");
        assertThat(result.problems()).extracting(ImportProblem::objectId, ImportProblem::message)
                .satisfiesExactly(
                        p -> assertThat(p).isEqualTo(tuple("indicator--1a1a1a1a-0005-4000-8000-000000000005",
                                "pattern [ipv4-addr:value = '198.51.100.7' AND network-traffic:dst_port = 445]"
                                        + " cannot be matched as values: AND inside an observation (at 34) needs"
                                        + " several values at once")),
                        p -> assertThat(p.toList().get(1).toString()).contains("operator MATCHES (at 1)"),
                        p -> assertThat(p.toList().get(1).toString()).contains("temporal qualifier REPEATS"),
                        p -> assertThat(p).isEqualTo(tuple("indicator--1a1a1a1a-0008-4000-8000-000000000008",
                                "missing required property 'valid_from'")),
                        p -> assertThat(p).isEqualTo(tuple("indicator--1a1a1a1a-0009-4000-8000-000000000009",
                                "confidence 150 is not an integer 0..100")),
                        p -> assertThat(p.toList().get(1).toString()).contains("invalid IPV4 indicator '192.0.2.300'"),
                        p -> assertThat(p).isEqualTo(tuple("file--2b2b2b2b-0002-4000-8000-000000000002",
                                "hash algorithm 'SSDEEP' is not supported")),
                        p -> assertThat(p).isEqualTo(tuple("sighting--3c3c3c3c-0002-4000-8000-000000000002",
                                "sighting_of_ref indicator--9f9f9f9f-0001-4000-8000-000000000001 is not an indicator"
                                        + " read from this bundle")));
    }

    @Test
    void refusesDocumentsThatAreNotBundles() throws IOException {
        try (InputStream in = StixBundlesTest.class.getResourceAsStream("/stix/not-a-bundle.json")) {
            assertThatThrownBy(() -> StixBundles.read(in, "x", Tlp.AMBER)).isInstanceOf(MedsocException.class)
                    .hasMessage("the STIX document has type 'report', expected 'bundle'");
        }
        assertThatThrownBy(() -> StixBundles.read("{\"type\": \"bundle\", ", "x", Tlp.AMBER))
                .isInstanceOf(MedsocException.class).hasMessageStartingWith("the STIX document is not valid JSON");
        assertThatThrownBy(() -> StixBundles.read("{\"type\": \"bundle\", \"id\": \"bundle--x\"}", "x", Tlp.AMBER))
                .hasMessage("the bundle bundle--x has no 'objects' array");
    }

    @Test
    void exportsDeterministicValidBundlesThatReadBackUnchanged() {
        List<Indicator> indicators = List.of(
                new Indicator(IndicatorType.IPV4, "203.0.113.77", "commission", 85, Tlp.GREEN, Distribution.ALL,
                        Optional.of(Instant.parse("2026-10-02T09:00:00Z")),
                        Optional.of(Instant.parse("2026-10-20T09:00:00Z")),
                        Optional.of(Instant.parse("2027-01-02T09:00:00Z")), List.of("c2"), Optional.empty()),
                Indicator.of(IndicatorType.CIDR, "2001:db8:bad::/48", "hospital-a").withTlp(Tlp.AMBER_STRICT)
                        .withSeen(Optional.of(Instant.parse("2026-10-05T00:00:00Z")), Optional.empty()),
                Indicator.of(IndicatorType.USER_AGENT, "Mozilla/5.0 (it's \\ evil)", "hospital-b")
                        .withSeen(Optional.of(Instant.parse("2026-10-06T00:00:00Z")), Optional.empty()),
                Indicator.of(IndicatorType.SHA1, "3395856ce81f2b7382dee72602f798b642f14140", "commission")
                        .withSeen(Optional.of(Instant.parse("2026-10-07T00:00:00Z")), Optional.empty()));
        List<Sighting> sightings = List.of(new Sighting(indicators.get(0).key(),
                Instant.parse("2026-10-21T08:00:00Z"), SightingKind.FALSE_POSITIVE, "hospital-a"),
                new Sighting(indicators.get(3).key(), Instant.parse("2026-10-22T08:00:00.250Z"),
                        SightingKind.TRUE_POSITIVE, "user:alice", 7, "确认：勒索软件样本 on PACS-01",
                        Instant.parse("2026-10-20T23:59:59Z")));

        String bundle = StixBundles.write(indicators, sightings, EXPORTED);

        assertThat(StixBundles.validate(bundle)).isEmpty();
        assertThat(StixBundles.write(indicators, sightings, EXPORTED)).isEqualTo(bundle);
        ImportResult back = StixBundles.read(bundle, "ignored", Tlp.RED);
        assertThat(back.problems()).isEmpty();
        assertThat(back.indicators()).containsExactlyInAnyOrderElementsOf(indicators.stream()
                .map(i -> new Indicator(i.type(), i.value(), i.source(), i.confidence(), i.tlp(), i.distribution(),
                        i.firstSeen(), i.lastSeen(), i.validUntil(), i.tags(),
                        Optional.of(StixBundles.indicatorId(i.key()))))
                .toList());
        assertThat(back.sightings()).containsExactlyInAnyOrderElementsOf(sightings);
        assertThat(bundle).contains("\"count\" : 7").contains("\"description\" : \"确认：勒索软件样本 on PACS-01\"")
                .contains("\"first_seen\" : \"2026-10-20T23:59:59.000Z\"");
        assertThat(StixBundles.write(back.indicators(), back.sightings(), EXPORTED)).isEqualTo(bundle);
        assertThat(bundle).contains("\"pattern\" : \"[network-traffic:extensions.'http-request-ext'"
                + ".request_header.'User-Agent' = 'Mozilla/5.0 (it\\\\'s \\\\\\\\ evil)']\"");
    }

    @Test
    void roundTripsAForeignBundleThroughExport() throws IOException {
        ImportResult first = readResource("commission-feed.json");
        String bundle = StixBundles.write(first.indicators(), first.sightings(), EXPORTED);
        assertThat(StixBundles.validate(bundle)).isEmpty();
        ImportResult second = StixBundles.read(bundle, "commission", Tlp.AMBER);
        assertThat(second.indicators()).extracting(Indicator::key, Indicator::tlp, Indicator::confidence)
                .containsExactlyInAnyOrderElementsOf(first.indicators().stream()
                        .map(i -> tuple(i.key(), i.tlp(), i.confidence())).toList());
        assertThat(second.sightings()).isEqualTo(first.sightings());
    }

    @Test
    void deterministicIdsAreVersionFiveUuids() {
        String id = StixBundles.indicatorId(new IndicatorKey(IndicatorType.DOMAIN, "Evil.Example"));
        assertThat(id).isEqualTo(StixBundles.indicatorId(new IndicatorKey(IndicatorType.DOMAIN, "evil.example")));
        assertThat(java.util.UUID.fromString(id.substring("indicator--".length())).version()).isEqualTo(5);
        assertThat(id).isNotEqualTo(StixBundles.indicatorId(new IndicatorKey(IndicatorType.DOMAIN, "evil.example2")));
    }

    @Test
    void validationNamesTheObjectAndTheFault() {
        String bundle = """
                {"type": "bundle", "id": "bundle--5b0c4c1e-2f3a-4d5b-8c6d-7e8f9a0b1c2d", "objects": [
                  {"type": "indicator", "spec_version": "2.1", "id": "indicator--1a1a1a1a-0001-4000-8000-000000000001",
                   "created": "2026-10-02T09:00:00Z", "modified": "2026-10-01T09:00:00Z",
                   "pattern": "[ipv4-addr:value = '10.0.0.1']", "pattern_type": "stix",
                   "valid_from": "2026-10-02T09:00:00Z"},
                  {"type": "indicator", "spec_version": "2.0", "id": "indicator--1a1a1a1a-0002-4000-8000-000000000002"},
                  {"type": "indicator", "id": "malware--1a1a1a1a-0003-4000-8000-000000000003"},
                  {"type": "indicator", "spec_version": "2.1", "id": "indicator--1a1a1a1a-0004-4000-8000-000000000004",
                   "created": "2026-10-02T09:00:00Z", "modified": "2026-10-02T09:00:00Z",
                   "pattern": "[domain-name:value = 'x.example']", "pattern_type": "sigma",
                   "valid_from": "yesterday", "object_marking_refs": ["marking-definition--00000000-0000-4000-8000-000000000000"]},
                  {"type": "domain-name", "id": "domain-name--1a1a1a1a-0005-4000-8000-000000000005", "value": "ok.example",
                   "object_marking_refs": ["marking-definition--00000000-0000-4000-8000-000000000000"]}
                ]}""";
        assertThat(StixBundles.validate(bundle)).extracting(ImportProblem::toString).containsExactly(
                "indicator--1a1a1a1a-0001-4000-8000-000000000001: modified 2026-10-01T09:00:00Z is before created"
                        + " 2026-10-02T09:00:00Z",
                "indicator--1a1a1a1a-0002-4000-8000-000000000002: spec_version '2.0' is not supported; expected '2.1'",
                "malware--1a1a1a1a-0003-4000-8000-000000000003: the id must be 'indicator--' followed by a UUID",
                "indicator--1a1a1a1a-0004-4000-8000-000000000004: pattern_type 'sigma' is not supported; only 'stix' is",
                "indicator--1a1a1a1a-0004-4000-8000-000000000004: object_marking_refs names"
                        + " marking-definition--00000000-0000-4000-8000-000000000000, which is neither in the bundle"
                        + " nor a TLP 1.0 marking of the specification",
                "domain-name--1a1a1a1a-0005-4000-8000-000000000005: object_marking_refs names"
                        + " marking-definition--00000000-0000-4000-8000-000000000000, which is neither in the bundle"
                        + " nor a TLP 1.0 marking of the specification");
    }
}
