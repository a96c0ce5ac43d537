package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/** The TAXII client against the TAXII server over real HTTP (a JDK server as the adapter), with bearer auth. */
class TaxiiClientTest {
    private static final TenantId A = TenantId.of("hospital-a");
    private static final String TOKEN = "secret-token";

    @TempDir
    Path dir;

    private Database db;
    private HttpServer http;
    private TaxiiServer taxii;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T08:00:00Z"));
    private final AtomicInteger requests = new AtomicInteger();

    private final TaxiiCaller caller = new TaxiiCaller() {
        @Override
        public boolean canRead(TenantId tenant) {
            return tenant.equals(A);
        }

        @Override
        public boolean canWrite(TenantId tenant) {
            return tenant.equals(A);
        }

        @Override
        public String name() {
            return "partner";
        }
    };

    @BeforeEach
    void start() throws IOException {
        db = Database.open(DatabaseConfig.embedded(dir.resolve("db")));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        taxii = new TaxiiServer(new TaxiiServer.Config("/taxii2", "test", A, Tlp.AMBER, () -> List.of(A)), db,
                new IntelLibrary(dir.resolve("bundles")), Sightings.create(db, clock), clock);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/taxii2", exchange -> {
            requests.incrementAndGet();
            TaxiiResponse r;
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                r = TaxiiServer.error(401, "Unauthorized", "send a bearer token");
            } else {
                Map<String, List<String>> query = new LinkedHashMap<>();
                String raw = exchange.getRequestURI().getRawQuery();
                if (raw != null) {
                    for (String p : raw.split("&")) {
                        int eq = p.indexOf('=');
                        query.computeIfAbsent(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                                k -> new ArrayList<>()).add(URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                r = taxii.handle(new TaxiiRequest(exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath().substring("/taxii2".length()), query, headers,
                        exchange.getRequestBody().readAllBytes(), caller));
            }
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(r.status(), r.body().length);
            exchange.getResponseBody().write(r.body());
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
        db.close();
    }

    private URI collection() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/taxii2/hospital-a/collections/"
                + TaxiiServer.collectionId(A, "inbox") + "/");
    }

    private void add(int from, int to) {
        StringBuilder objects = new StringBuilder();
        for (int n = from; n <= to; n++) {
            objects.append(objects.isEmpty() ? "" : ",").append("{\"type\":\"indicator\",\"spec_version\":\"2.1\","
                    + "\"id\":\"indicator--0c0c0c0c-0000-4000-8000-" + String.format("%012d", n) + "\","
                    + "\"created\":\"2026-11-01T00:00:00.000Z\",\"modified\":\"2026-11-01T00:00:00.000Z\","
                    + "\"pattern\":\"[ipv4-addr:value = '192.0.2." + n + "']\",\"pattern_type\":\"stix\","
                    + "\"valid_from\":\"2026-11-01T00:00:00Z\"}");
        }
        TaxiiResponse r = taxii.handle(new TaxiiRequest("POST", "/hospital-a/collections/inbox/objects/", Map.of(),
                Map.of("Content-Type", TaxiiServer.MEDIA_TYPE), ("{\"objects\":[" + objects + "]}")
                        .getBytes(StandardCharsets.UTF_8), caller));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
    }

    @Test
    void pollsEveryPageAndResumesAfterTheLastDateAdded() {
        add(1, 5);
        TaxiiClient client = new TaxiiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), collection(),
                Optional.of(TaxiiClient.bearer(TOKEN)));
        TaxiiClient.Poll first = client.poll(Optional.empty(), 2);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.objects()).extracting(o -> o.path("pattern").asText())
                .containsExactly("[ipv4-addr:value = '192.0.2.1']", "[ipv4-addr:value = '192.0.2.2']",
                        "[ipv4-addr:value = '192.0.2.3']", "[ipv4-addr:value = '192.0.2.4']",
                        "[ipv4-addr:value = '192.0.2.5']");
        assertThat(first.addedAfter()).contains(Instant.parse("2026-11-25T08:00:00Z"));

        TaxiiClient.Poll nothing = client.poll(first.addedAfter(), 2);
        assertThat(nothing.objects()).isEmpty();
        assertThat(nothing.addedAfter()).isEqualTo(first.addedAfter());

        now.set(Instant.parse("2026-11-25T09:00:00Z"));
        add(6, 6);
        TaxiiClient.Poll next = client.poll(first.addedAfter(), 2);
        assertThat(next.objects()).extracting(o -> o.path("id").asText())
                .containsExactly("indicator--0c0c0c0c-0000-4000-8000-000000000006");
        assertThat(next.addedAfter()).contains(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(StixBundles.read("{\"type\":\"bundle\",\"id\":\"bundle--0c0c0c0c-0000-4000-8000-000000000000\","
                + "\"objects\":" + first.objects() + "}", "taxii", Tlp.AMBER).indicators()).hasSize(5);
    }

    @Test
    void aRefusedPollNamesTheStatusAndTheServersReason() {
        TaxiiClient wrong = new TaxiiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), collection(),
                Optional.of(TaxiiClient.basic("user", "password")));
        assertThatThrownBy(() -> wrong.poll(Optional.empty(), 10)).isInstanceOf(MedsocException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("Unauthorized")
                .hasMessageContaining("check the feed's token");
        TaxiiClient missing = new TaxiiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                URI.create(collection().toString().replace("hospital-a", "hospital-b")),
                Optional.of(TaxiiClient.bearer(TOKEN)));
        assertThatThrownBy(() -> missing.poll(Optional.empty(), 10)).hasMessageContaining("HTTP 404");
    }
}
