package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.spi.error.MedsocException;

class MispFeedsTest {
    private static final MispOptions OPTIONS = MispOptions.defaults("commission-misp");

    private static Path feed() throws URISyntaxException {
        return Path.of(MispFeedsTest.class.getResource("/misp-feed/manifest.json").toURI()).getParent();
    }

    @Test
    void mapsAttributeTypesTagsAndDistribution() throws URISyntaxException {
        ImportResult result = MispFeeds.readDirectory(feed(), OPTIONS);
        assertThat(result.indicators())
                .extracting(Indicator::type, Indicator::value, Indicator::tlp, Indicator::distribution)
                .containsExactly(
                        tuple(IndicatorType.IPV4, "203.0.113.77", Tlp.GREEN, Distribution.COMMUNITY),
                        tuple(IndicatorType.IPV4, "198.51.100.23", Tlp.RED, Distribution.ORGANISATION),
                        tuple(IndicatorType.DOMAIN, "update-pacs.example", Tlp.GREEN, Distribution.COMMUNITY),
                        tuple(IndicatorType.DOMAIN, "c2.lockbit.example", Tlp.GREEN, Distribution.COMMUNITY),
                        tuple(IndicatorType.URL, "https://files.example/pacs-patch.exe", Tlp.GREEN,
                                Distribution.COMMUNITY),
                        tuple(IndicatorType.MD5, "44d88612fea8a8f36de82e1278abb02f", Tlp.GREEN,
                                Distribution.COMMUNITY),
                        tuple(IndicatorType.SHA256,
                                "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f", Tlp.GREEN,
                                Distribution.COMMUNITY),
                        tuple(IndicatorType.EMAIL, "it-support@lockbit.example", Tlp.GREEN, Distribution.COMMUNITY),
                        tuple(IndicatorType.USER_AGENT, "LockBitUploader/3.0", Tlp.GREEN, Distribution.COMMUNITY),
                        tuple(IndicatorType.CIDR, "192.0.2.0/24", Tlp.GREEN, Distribution.COMMUNITY),
                        tuple(IndicatorType.SHA1, "3395856ce81f2b7382dee72602f798b642f14140", Tlp.GREEN,
                                Distribution.COMMUNITY),
                        tuple(IndicatorType.DOMAIN, "exfil.example", Tlp.GREEN, Distribution.COMMUNITY),
                        tuple(IndicatorType.IPV6, "2001:db8::bad", Tlp.GREEN, Distribution.COMMUNITY),
                        tuple(IndicatorType.EMAIL, "claims@insurance-fund.example", Tlp.AMBER_STRICT,
                                Distribution.ALL),
                        tuple(IndicatorType.IPV6, "2001:db8::10", Tlp.AMBER_STRICT,
                                Distribution.CONNECTED_COMMUNITIES));
        Indicator rdp = result.indicators().get(1);
        assertThat(rdp.tags()).containsExactly("misp-galaxy:ransomware=\"LockBit\"", "rdp-bruteforce");
        assertThat(rdp.source()).isEqualTo("commission-misp");
        assertThat(rdp.confidence()).isEqualTo(Indicator.DEFAULT_CONFIDENCE);
        assertThat(rdp.firstSeen()).contains(Instant.ofEpochSecond(1790000100));
        Indicator domain = result.indicators().get(2);
        assertThat(domain.firstSeen()).contains(Instant.parse("2026-09-20T08:00:00Z"));
        assertThat(domain.lastSeen()).contains(Instant.parse("2026-09-21T08:30:00Z"));
        assertThat(domain.validUntil()).isEmpty();
    }

    @Test
    void reportsMissingEventsHostileKeysBadValuesAndUnmappedTypes() throws URISyntaxException {
        ImportResult result = MispFeeds.readDirectory(feed(), OPTIONS);
        assertThat(result.problems()).extracting(ImportProblem::toString).containsExactly(
                "../../etc/passwd: the manifest key is not a UUID; the event is skipped",
                "a0000001-0000-4000-8000-00000000000f: attribute ip-dst of event"
                        + " 5f1d0c3a-7b2e-4c9d-8a1f-3e6b9d2c4a71: invalid IPV4 indicator '999.1.1.1': expected a"
                        + " dotted-quad IPv4 address without leading zeros",
                "5f1d0c3a-7b2e-4c9d-8a1f-3e6b9d2c4a71: attribute types without an indicator type were skipped:"
                        + " {comment=1, filename=1, link=1}",
                "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d: the manifest lists the event but"
                        + " a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.json is missing");
    }

    @Test
    void takesNonIdsAttributesAndAppliesTimeToLiveWhenAsked() throws URISyntaxException {
        MispOptions options = new MispOptions("feed", Tlp.RED, 70, Optional.of(Duration.ofDays(30)), true);
        ImportResult result = MispFeeds.readDirectory(feed(), options);
        Indicator resolver = result.indicators().stream().filter(i -> i.value().equals("8.8.8.8")).findFirst()
                .orElseThrow();
        assertThat(resolver.confidence()).isEqualTo(70);
        assertThat(resolver.validUntil()).contains(Instant.ofEpochSecond(1790001000).plus(Duration.ofDays(30)));
        assertThat(result.indicators()).hasSize(16);
    }

    @Test
    void failsClearlyWithoutManifest(@TempDir Path empty) throws IOException {
        assertThatThrownBy(() -> MispFeeds.readDirectory(empty, OPTIONS)).isInstanceOf(MedsocException.class)
                .hasMessage("the MISP feed at " + empty + " has no manifest.json");
        Files.writeString(empty.resolve("manifest.json"), "[1, 2]");
        assertThatThrownBy(() -> MispFeeds.readDirectory(empty, OPTIONS))
                .hasMessageContaining("is not a JSON object of events by UUID");
    }

    @Test
    void readsTheSameFeedOverHttp() throws Exception {
        Path dir = feed();
        List<String> requested = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feeds/commission/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/feeds/commission/".length());
            requested.add(name);
            Path file = dir.resolve(name).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/broken/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/feeds/commission");
            ImportResult overHttp = MispFeeds.readHttp(base, client, OPTIONS);
            ImportResult fromDisk = MispFeeds.readDirectory(dir, OPTIONS);
            assertThat(overHttp.indicators()).isEqualTo(fromDisk.indicators());
            assertThat(overHttp.problems()).hasSameSizeAs(fromDisk.problems());
            assertThat(requested).contains("manifest.json", "5f1d0c3a-7b2e-4c9d-8a1f-3e6b9d2c4a71.json")
                    .noneMatch(r -> r.contains(".."));
            URI broken = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/broken/");
            assertThatThrownBy(() -> MispFeeds.readHttp(broken, client, OPTIONS))
                    .isInstanceOf(MedsocException.class)
                    .hasMessage("GET " + broken + "manifest.json answered HTTP 503; check the feed URL");
        } finally {
            server.stop(0);
        }
    }
}
