package org.medsoc.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.identity.AuthenticationMethod;
import org.medsoc.identity.Grant;
import org.medsoc.identity.Permission;
import org.medsoc.identity.Principal;
import org.medsoc.identity.Role;
import org.medsoc.identity.UserId;
import org.medsoc.journal.Journal;
import org.medsoc.journal.JournalConfig;
import org.medsoc.journal.JournalReader;
import org.medsoc.journal.JournalRecord;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.WriteMode;
import org.medsoc.store.lucene.LuceneEventStore;
import org.medsoc.store.lucene.LuceneStoreConfig;

/** The REST API over real sockets, a real Lucene store and a real journal. */
class ApiRoutingTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final String VIEWER_TOKEN = "viewer-token-0123456789";
    private static final long T0 = Instant.parse("2026-11-25T08:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private LuceneEventStore store;
    private Journal journal;
    private WebServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    private static Principal principal(String name, Role role, TenantId... tenants) {
        Map<TenantId, java.util.Set<Permission>> permissions = new java.util.LinkedHashMap<>();
        List<Grant> grants = new ArrayList<>();
        for (TenantId t : tenants) {
            permissions.put(t, role.permissions());
            grants.add(new Grant(t, role));
        }
        return new Principal(new UserId(name), name, name, grants, permissions, AuthenticationMethod.SESSION);
    }

    @BeforeEach
    void start() {
        store = LuceneEventStore.open(LuceneStoreConfig.defaults(dir.resolve("events")));
        journal = Journal.open(JournalConfig.defaults(dir.resolve("journal")));
        ApiRouting.Components c = new ApiRouting.Components(
                store,
                journal::appendDurably,
                token -> switch (token) {
                    case TOKEN -> Optional.of(principal("provider-admin", Role.ADMIN,
                            TenantId.DEFAULT, TenantId.of("hospital-b"), TenantId.of("hospital-c")));
                    case VIEWER_TOKEN -> Optional.of(principal("b-viewer", Role.TENANT_VIEWER, TenantId.of("hospital-b")));
                    default -> Optional.empty();
                },
                new TenantResolver(TenantId.DEFAULT),
                AuditTrail.none(),
                () -> Map.of("status", "UP"),
                () -> "medsoc_test_metric 1\n",
                true,
                4096,
                256,
                () -> T0 + 3_600_000);
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(ApiRouting.withNotFound(ApiRouting.create(c)))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
        journal.close();
        store.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authed(String path, String... headers) throws IOException, InterruptedException {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + TOKEN));
        h.addAll(List.of(headers));
        return get(path, h.toArray(String[]::new));
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    private void seed() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Event e = new Event(i % 10 == 9 ? TenantId.of("hospital-b") : TenantId.DEFAULT, T0 + i * 60_000L,
                    "fw line " + i);
            e.id("e" + i);
            e.put(Fields.SOURCE_IP, i % 3 == 0 ? "10.1.2.3" : "10.9.9." + i);
            e.put(Fields.DESTINATION_PORT, Integer.toString(i % 2 == 0 ? 443 : 22));
            e.put(Fields.EVENT_OUTCOME, i % 5 == 0 ? "failure" : "success");
            e.put(Fields.MESSAGE, "connection number " + i);
            events.add(e);
        }
        store.write(events, WriteMode.APPEND);
        store.refresh();
    }

    @Test
    void rejectsRequestsWithoutAValidToken() throws Exception {
        HttpResponse<String> none = get("/api/v1/events");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(json(none).get("code").asText()).isEqualTo("UNAUTHENTICATED");

        HttpResponse<String> wrong = get("/api/v1/events", "Authorization", "Bearer not-the-token-at-all");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(TOKEN);
    }

    @Test
    void healthAndMetricsAreOpen() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("medsoc_test_metric 1");
    }

    @Test
    void searchesWithQueryTimeRangeSortAndPaging() throws Exception {
        seed();
        JsonNode all = json(authed("/api/v1/events?limit=5"));
        assertThat(all.get("total").asLong()).isEqualTo(27); // 3 of the 30 belong to hospital-b
        assertThat(all.get("events")).hasSize(5);
        assertThat(all.get("events").get(0).get("_id").asText()).isEqualTo("e28"); // newest first

        String q = URLEncoder.encode("source.ip:10.1.2.3 AND event.outcome:failure", StandardCharsets.UTF_8);
        JsonNode hits = json(authed("/api/v1/events?q=" + q));
        // i % 3 == 0 and i % 5 == 0 and not hospital-b: 0, 15 (i=9? no: 9 is hospital-b and 9%5!=0)
        assertThat(hits.get("total").asLong()).isEqualTo(2);
        assertThat(hits.get("events").get(0).get("source.ip").asText()).isEqualTo("10.1.2.3");
        assertThat(hits.get("events").get(0).get("destination.port").isNumber()).isTrue();

        String from = URLEncoder.encode("2026-11-25T08:10:00Z", StandardCharsets.UTF_8);
        JsonNode ranged = json(authed("/api/v1/events?sort=@timestamp:asc&limit=2&offset=1&from=" + from
                + "&to=" + (T0 + 20 * 60_000L)));
        assertThat(ranged.get("total").asLong()).isEqualTo(9); // minutes 10..19 minus hospital-b's 19
        assertThat(ranged.get("events").get(0).get("_id").asText()).isEqualTo("e11");
    }

    @Test
    void keepsTenantsApart() throws Exception {
        seed();
        JsonNode b = json(authed("/api/v1/events?limit=100", "X-Medsoc-Tenant", "hospital-b"));
        assertThat(b.get("total").asLong()).isEqualTo(3);
        for (JsonNode e : b.get("events")) {
            assertThat(e.get("medsoc.tenant").asText()).isEqualTo("hospital-b");
        }
        JsonNode none = json(authed("/api/v1/events?limit=100", "X-Medsoc-Tenant", "hospital-c"));
        assertThat(none.get("total").asLong()).isZero();
        // a tenant the caller holds nothing on answers exactly like one that does not exist
        HttpResponse<String> other = authed("/api/v1/events", "X-Medsoc-Tenant", "hospital-d");
        HttpResponse<String> ghost = authed("/api/v1/events", "X-Medsoc-Tenant", "no-such-hospital");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(ghost.statusCode()).isEqualTo(403);
        assertThat(json(other).get("detail").asText().replace("hospital-d", "X"))
                .isEqualTo(json(ghost).get("detail").asText().replace("no-such-hospital", "X"));
        // a hospital viewer reads its alerts but not raw events, and nothing of another hospital
        HttpResponse<String> viewerEvents = get("/api/v1/events", "Authorization", "Bearer " + VIEWER_TOKEN);
        assertThat(viewerEvents.statusCode()).isEqualTo(403);
        assertThat(json(viewerEvents).get("code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(get("/api/v1/alerts", "Authorization", "Bearer " + VIEWER_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/alerts", "Authorization", "Bearer " + VIEWER_TOKEN, "X-Medsoc-Tenant", "hospital-c")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> bad = authed("/api/v1/events", "X-Medsoc-Tenant", "Bad Tenant!");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("detail").asText()).contains("tenant");
    }

    @Test
    void answersHistogramsAndTopValues() throws Exception {
        seed();
        JsonNode h = json(authed("/api/v1/events/histogram?interval=10m"));
        assertThat(h.get("buckets")).hasSize(3);
        assertThat(h.get("buckets").get(0).get("time").asText()).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(h.get("buckets").get(0).get("count").asLong()).isEqualTo(9); // minutes 0..9 minus e9
        assertThat(h.get("total").asLong()).isEqualTo(27);

        JsonNode top = json(authed("/api/v1/events/top?field=destination.port&size=1"));
        assertThat(top.get("values")).hasSize(1);
        assertThat(top.get("values").get(0).get("value").asText()).isEqualTo("443");
        assertThat(top.get("values").get(0).get("count").asLong()).isEqualTo(15);
    }

    @Test
    void reportsBadRequestsAsPreciseProblems() throws Exception {
        HttpResponse<String> badQuery =
                authed("/api/v1/events?q=" + URLEncoder.encode("source.ip:(10.1", StandardCharsets.UTF_8));
        assertThat(badQuery.statusCode()).isEqualTo(400);
        assertThat(badQuery.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = json(badQuery);
        assertThat(p.get("code").asText()).isEqualTo("INVALID_QUERY");
        assertThat(p.get("status").asInt()).isEqualTo(400);
        assertThat(p.get("instance").asText()).isEqualTo("/api/v1/events");

        HttpResponse<String> badLimit = authed("/api/v1/events?limit=abc");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit).get("detail").asText()).contains("'limit'").contains("abc");

        HttpResponse<String> badTime = authed("/api/v1/events?from=yesterday");
        assertThat(json(badTime).get("detail").asText()).contains("'from'").contains("ISO-8601");

        HttpResponse<String> inverted = authed("/api/v1/events?from=now&to=now-1h");
        assertThat(inverted.statusCode()).isEqualTo(400);
        assertThat(json(inverted).get("detail").asText()).contains("inverted");

        HttpResponse<String> missing = authed("/api/v1/events/top");
        assertThat(json(missing).get("code").asText()).isEqualTo("MISSING_PARAMETER");

        HttpResponse<String> unknown = authed("/api/v1/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void ingestAnswersOnlyOnceTheBatchIsInTheJournal() throws Exception {
        HttpResponse<String> r = post("/api/v1/ingest", "application/x-ndjson",
                "<134>Nov 25 08:00:00 fw1 line one\r\n\n{\"message\":\"two\"}\nthree", "X-Medsoc-Tenant", "hospital-b");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("accepted").asInt()).isEqualTo(3);
        assertThat(journal.durableSequence()).isGreaterThanOrEqualTo(3);
        try (JournalReader reader = journal.openReader(0)) {
            List<JournalRecord> records = reader.poll(10, Duration.ofSeconds(5));
            assertThat(records).hasSize(3);
            assertThat(new String(records.get(0).message().payload(), StandardCharsets.UTF_8))
                    .isEqualTo("<134>Nov 25 08:00:00 fw1 line one");
            assertThat(records.get(1).message().tenant()).isEqualTo(TenantId.of("hospital-b"));
            assertThat(records.get(2).message().receiver()).isEqualTo("http");
            assertThat(records.get(2).message().peer()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void ingestTakesAJsonArray() throws Exception {
        HttpResponse<String> r = post("/api/v1/ingest", "application/json", "[{\"a\":1},{\"b\":\"x\"}]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("accepted").asInt()).isEqualTo(2);
        HttpResponse<String> bad = post("/api/v1/ingest", "application/json", "[{\"a\":1}, 5]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("detail").asText()).contains("element 1");
    }

    @Test
    void ingestRejectsOversizedInputAndAcceptsNothing() throws Exception {
        long before = journal.lastSequence();
        HttpResponse<String> longLine = post("/api/v1/ingest", "text/plain", "ok\n" + "x".repeat(300) + "\nok");
        assertThat(longLine.statusCode()).isEqualTo(400);
        assertThat(json(longLine).get("detail").asText()).contains("line 2").contains("300 bytes");
        HttpResponse<String> tooBig = post("/api/v1/ingest", "text/plain", ("y".repeat(100) + "\n").repeat(50));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(json(tooBig).get("code").asText()).isEqualTo("BODY_TOO_LARGE");
        assertThat(journal.lastSequence()).isEqualTo(before);
    }
}
