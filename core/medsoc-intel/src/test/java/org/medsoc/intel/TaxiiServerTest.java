package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.spi.event.TenantId;

class TaxiiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId NODE = TenantId.of("provider");
    private static final TenantId A = TenantId.of("hospital-a");
    private static final TenantId B = TenantId.of("hospital-b");
    private static final String TAXII = TaxiiServer.MEDIA_TYPE;

    @TempDir
    Path dir;

    private Database db;
    private IntelLibrary library;
    private Sightings sightings;
    private TaxiiServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));

    /** A caller that may read (and write) exactly the given tenants. */
    private record Caller(Set<TenantId> readable, Set<TenantId> writable) implements TaxiiCaller {
        @Override
        public boolean canRead(TenantId tenant) {
            return readable.contains(tenant);
        }

        @Override
        public boolean canWrite(TenantId tenant) {
            return writable.contains(tenant);
        }

        @Override
        public String name() {
            return "test";
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final Caller ADMIN = new Caller(Set.of(NODE, A, B), Set.of(NODE, A, B));
    private static final Caller ONLY_A = new Caller(Set.of(A), Set.of(A));
    private static final Caller ONLY_B = new Caller(Set.of(B), Set.of(B));
    private static final Caller READ_A = new Caller(Set.of(A), Set.of());

    @BeforeEach
    void start() throws IOException {
        db = Database.open(DatabaseConfig.embedded(dir.resolve("db")));
        library = new IntelLibrary(dir.resolve("bundles"));
        try (InputStream in = TaxiiServerTest.class.getResourceAsStream("/stix/commission-feed.json")) {
            library.importStix("commission", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        sightings = Sightings.create(db, clock);
        server = new TaxiiServer(new TaxiiServer.Config("/taxii2", "medsoc test", NODE, Tlp.AMBER,
                () -> List.of(NODE, A, B)), db, library, sightings, clock);
    }

    @AfterEach
    void stop() {
        db.close();
    }

    private TaxiiResponse call(Caller caller, String method, String path, String query, String accept, String body,
            String contentType) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String p : query.split("&")) {
                int eq = p.indexOf('=');
                q.computeIfAbsent(p.substring(0, eq), k -> new ArrayList<>()).add(p.substring(eq + 1));
            }
        }
        Map<String, String> headers = new HashMap<>();
        if (accept != null) {
            headers.put("Accept", accept);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return server.handle(new TaxiiRequest(method, path, q, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), caller));
    }

    private JsonNode get(Caller caller, String path, String query) throws IOException {
        TaxiiResponse r = call(caller, "GET", path, query, TAXII, null, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.headers().get("Content-Type")).isEqualTo(TAXII);
        return JSON.readTree(r.body());
    }

    private static String bundleCollection() {
        return "/provider/collections/" + TaxiiServer.collectionId(NODE, "bundle-commission");
    }

    private static List<String> ids(JsonNode envelope) {
        List<String> out = new ArrayList<>();
        envelope.path("objects").forEach(o -> out.add(o.path("id").asText()));
        return out;
    }

    @Test
    void discoveryAndCollectionsShowOnlyTheCallersRoots() throws IOException {
        JsonNode all = get(ADMIN, "/", "");
        assertThat(all.path("api_roots").toString())
                .isEqualTo("[\"/taxii2/provider/\",\"/taxii2/hospital-a/\",\"/taxii2/hospital-b/\"]");
        assertThat(all.path("default").asText()).isEqualTo("/taxii2/provider/");
        JsonNode onlyB = get(ONLY_B, "/", "");
        assertThat(onlyB.path("api_roots").toString()).isEqualTo("[\"/taxii2/hospital-b/\"]");
        assertThat(onlyB.has("default")).isFalse();

        JsonNode root = get(ONLY_A, "/hospital-a/", "");
        assertThat(root.path("versions").toString()).isEqualTo("[\"" + TAXII + "\"]");
        assertThat(root.path("max_content_length").asInt()).isEqualTo(TaxiiServer.MAX_CONTENT_LENGTH);

        JsonNode nodeCollections = get(ADMIN, "/provider/collections/", "");
        assertThat(nodeCollections.path("collections").findValuesAsText("alias"))
                .containsExactly("inbox", "sightings", "bundle-commission");
        JsonNode aCollections = get(READ_A, "/hospital-a/collections/", "");
        assertThat(aCollections.path("collections").findValuesAsText("alias")).containsExactly("inbox", "sightings");
        assertThat(aCollections.path("collections").get(0).path("can_write").asBoolean()).isFalse();
        assertThat(get(ONLY_A, "/hospital-a/collections/", "").path("collections").get(0).path("can_write")
                .asBoolean()).isTrue();
        JsonNode one = get(ONLY_A, "/hospital-a/collections/" + TaxiiServer.collectionId(A, "inbox") + "/", "");
        assertThat(one.path("media_types").toString()).isEqualTo("[\"application/stix+json;version=2.1\"]");
    }

    @Test
    void anotherTenantsRootIsIndistinguishableFromAMissingOne() throws IOException {
        call(ONLY_A, "POST", "/hospital-a/collections/inbox/objects/", "", TAXII, envelope(indicator(1, "2026-11-01T00:00:00.000Z")), TAXII);
        for (String path : List.of("/hospital-a/", "/hospital-a/collections/", "/hospital-a/collections/inbox/",
                "/hospital-a/collections/inbox/objects/", "/hospital-a/collections/inbox/manifest/",
                "/hospital-a/collections/inbox/objects/" + indicatorId(1) + "/", "/provider/collections/")) {
            TaxiiResponse r = call(ONLY_B, "GET", path, "", TAXII, null, null);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.headers().get("Content-Type")).isEqualTo(TAXII);
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.path("title").asText()).isEqualTo("Not found");
            assertThat(error.path("http_status").asText()).isEqualTo("404");
            assertThat(r.text()).doesNotContain("203.0.113");
        }
        TaxiiResponse unknown = call(ONLY_B, "GET", "/hospital-z/", "", TAXII, null, null);
        assertThat(unknown.status()).isEqualTo(404);
        TaxiiResponse write = call(ONLY_B, "POST", "/hospital-a/collections/inbox/objects/", "", TAXII,
                envelope(indicator(2, "2026-11-01T00:00:00.000Z")), TAXII);
        assertThat(write.status()).isEqualTo(404);
        assertThat(call(READ_A, "POST", "/hospital-a/collections/inbox/objects/", "", TAXII,
                envelope(indicator(2, "2026-11-01T00:00:00.000Z")), TAXII).status()).isEqualTo(403);
    }

    @Test
    void servesBundleObjectsUpToAmberInPagesWithDateHeaders() throws IOException {
        JsonNode all = get(ADMIN, bundleCollection() + "/objects/", "limit=1000");
        List<String> served = ids(all);
        // the RED hash indicator and the AMBER+STRICT domains are never served; GREEN, AMBER and unmarked are
        assertThat(served).contains("indicator--1a1a1a1a-0001-4000-8000-000000000001",
                "indicator--1a1a1a1a-0004-4000-8000-000000000004");
        assertThat(served).doesNotContain("indicator--1a1a1a1a-0002-4000-8000-000000000002",
                "indicator--1a1a1a1a-0003-4000-8000-000000000003");
        assertThat(all.path("more").asBoolean()).isFalse();
        assertThat(all.has("next")).isFalse();

        List<String> paged = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            TaxiiResponse r = call(ADMIN, "GET", bundleCollection() + "/objects/",
                    "limit=3" + (next == null ? "" : "&next=" + next), "application/taxii+json", null, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsKeys("X-TAXII-Date-Added-First", "X-TAXII-Date-Added-Last");
            JsonNode page = JSON.readTree(r.body());
            assertThat(page.path("objects").size()).isLessThanOrEqualTo(3);
            paged.addAll(ids(page));
            next = page.path("more").asBoolean() ? page.path("next").asText() : null;
            pages++;
        } while (next != null);
        assertThat(paged).isEqualTo(served);
        assertThat(pages).isEqualTo((served.size() + 2) / 3);

        JsonNode manifest = get(ADMIN, bundleCollection() + "/manifest/", "match[type]=indicator");
        assertThat(manifest.path("objects")).allSatisfy(m -> {
            assertThat(m.path("id").asText()).startsWith("indicator--");
            assertThat(m.path("media_type").asText()).isEqualTo("application/stix+json;version=2.1");
            assertThat(m.path("date_added").asText()).endsWith("Z");
        });
        assertThat(manifest.path("objects").get(0).path("version").asText()).isEqualTo("2026-10-02T09:00:00.000Z");
        JsonNode byId = get(ADMIN, bundleCollection() + "/objects/",
                "match[id]=indicator--1a1a1a1a-0001-4000-8000-000000000001,indicator--1a1a1a1a-0003-4000-8000-000000000003");
        assertThat(ids(byId)).containsExactly("indicator--1a1a1a1a-0001-4000-8000-000000000001");
        assertThat(get(ADMIN, bundleCollection() + "/objects/", "match[spec_version]=2.0").has("objects")).isFalse();
        assertThat(call(ADMIN, "GET", bundleCollection() + "/objects/indicator--1a1a1a1a-0003-4000-8000-000000000003/",
                "", TAXII, null, null).status()).isEqualTo(404);
    }

    @Test
    void addsObjectsAnswersAStatusAndServesVersionsAddedAfter() throws IOException {
        String inbox = "/hospital-a/collections/" + TaxiiServer.collectionId(A, "inbox");
        TaxiiResponse added = call(ONLY_A, "POST", inbox + "/objects/", "", TAXII,
                envelope(indicator(1, "2026-11-01T00:00:00.000Z"), indicator(2, "2026-11-01T00:00:00.000Z"),
                        "{\"type\":\"indicator\",\"id\":\"not-an-id\"}"), TAXII + "; charset=utf-8");
        assertThat(added.status()).as(added.text()).isEqualTo(202);
        JsonNode status = JSON.readTree(added.body());
        assertThat(status.path("status").asText()).isEqualTo("complete");
        assertThat(status.path("total_count").asInt()).isEqualTo(3);
        assertThat(status.path("success_count").asInt()).isEqualTo(2);
        assertThat(status.path("failure_count").asInt()).isEqualTo(1);
        assertThat(status.path("failures").get(0).path("message").asText()).contains("'indicator--' followed by a UUID");
        assertThat(get(ONLY_A, "/hospital-a/status/" + status.path("id").asText() + "/", ""))
                .isEqualTo(status);
        assertThat(call(ONLY_B, "GET", "/hospital-b/status/" + status.path("id").asText() + "/", "", TAXII, null,
                null).status()).isEqualTo(404);

        clock.now = Instant.parse("2026-11-25T09:00:00Z");
        call(ONLY_A, "POST", inbox + "/objects/", "", TAXII, envelope(indicator(1, "2026-11-20T00:00:00.000Z")), TAXII);

        assertThat(ids(get(ONLY_A, inbox + "/objects/", ""))).containsExactly(indicatorId(2), indicatorId(1));
        TaxiiResponse after = call(ONLY_A, "GET", inbox + "/objects/", "added_after=2026-11-25T08:00:00.000Z", TAXII,
                null, null);
        assertThat(ids(JSON.readTree(after.body()))).containsExactly(indicatorId(1));
        assertThat(after.headers().get("X-TAXII-Date-Added-First")).isEqualTo("2026-11-25T09:00:00.000Z");
        assertThat(after.headers().get("X-TAXII-Date-Added-Last")).isEqualTo("2026-11-25T09:00:00.000Z");
        JsonNode first = get(ONLY_A, inbox + "/objects/" + indicatorId(1) + "/", "match[version]=first");
        assertThat(first.path("objects").get(0).path("modified").asText()).isEqualTo("2026-11-01T00:00:00.000Z");
        JsonNode allVersions = get(ONLY_A, inbox + "/objects/" + indicatorId(1) + "/", "match[version]=all");
        assertThat(allVersions.path("objects").size()).isEqualTo(2);
        JsonNode versions = get(ONLY_A, inbox + "/objects/" + indicatorId(1) + "/versions/", "");
        assertThat(versions.path("versions").toString())
                .isEqualTo("[\"2026-11-01T00:00:00.000Z\",\"2026-11-20T00:00:00.000Z\"]");
        JsonNode red = get(ONLY_A, inbox + "/objects/", "match[type]=indicator");
        assertThat(red.path("objects").size()).isEqualTo(2);
    }

    @Test
    void refusesUnsupportedMediaTypesMethodsAndParametersWithTaxiiErrors() throws IOException {
        String objects = bundleCollection() + "/objects/";
        assertThat(call(ADMIN, "GET", objects, "", "application/json", null, null).status()).isEqualTo(406);
        assertThat(call(ADMIN, "GET", objects, "", "application/taxii+json;version=2.0", null, null).status())
                .isEqualTo(406);
        assertThat(call(ADMIN, "GET", objects, "", "*/*", null, null).status()).isEqualTo(200);
        assertThat(call(ADMIN, "GET", objects, "", null, null, null).status()).isEqualTo(200);
        TaxiiResponse json = call(ADMIN, "POST", "/provider/collections/inbox/objects/", "", TAXII,
                envelope(indicator(1, "2026-11-01T00:00:00.000Z")), "application/json");
        assertThat(json.status()).isEqualTo(415);
        assertThat(JSON.readTree(json.body()).path("description").asText()).contains(TAXII);
        assertThat(call(ADMIN, "POST", objects, "", TAXII, envelope(), TAXII).status()).isEqualTo(403);
        assertThat(call(ADMIN, "DELETE", objects, "", TAXII, null, null).status()).isEqualTo(405);
        assertThat(call(ADMIN, "GET", objects, "added_after=yesterday", TAXII, null, null).status()).isEqualTo(400);
        assertThat(call(ADMIN, "GET", objects, "limit=0", TAXII, null, null).status()).isEqualTo(400);
        assertThat(call(ADMIN, "GET", objects, "next=%%%", TAXII, null, null).status()).isEqualTo(400);
        assertThat(call(ADMIN, "POST", "/provider/collections/inbox/objects/", "", TAXII, "{\"x\":1}", TAXII).status())
                .isEqualTo(400);
        assertThat(call(ADMIN, "GET", "/provider/collections/nope/", "", TAXII, null, null).status()).isEqualTo(404);
        assertThat(call(ADMIN, "GET", "/provider/nonsense/", "", TAXII, null, null).status()).isEqualTo(404);
    }

    @Test
    void theSightingsCollectionServesTheTenantsSightingsAsStix() throws IOException {
        IndicatorKey c2 = new IndicatorKey(IndicatorType.IPV4, "203.0.113.77");
        sightings.report(A, new Sighting(c2, Instant.parse("2026-11-25T07:00:00Z"), SightingKind.FALSE_POSITIVE,
                "alice", 2, "vendor update server", Instant.parse("2026-11-25T06:00:00Z")), SightingOrigin.USER);
        JsonNode a = get(ONLY_A, "/hospital-a/collections/sightings/objects/", "");
        assertThat(a.path("objects")).singleElement().satisfies(s -> {
            assertThat(s.path("type").asText()).isEqualTo("sighting");
            assertThat(s.path("sighting_of_ref").asText()).isEqualTo(StixBundles.indicatorId(c2));
            assertThat(s.path("count").asInt()).isEqualTo(2);
            assertThat(s.path("x_medsoc_kind").asText()).isEqualTo("FALSE_POSITIVE");
            assertThat(s.path("description").asText()).isEqualTo("vendor update server");
        });
        assertThat(get(ONLY_B, "/hospital-b/collections/sightings/objects/", "").has("objects")).isFalse();
    }

    private static String indicatorId(int n) {
        return String.format("indicator--0b0b0b0b-%04d-4000-8000-000000000000", n);
    }

    private static String indicator(int n, String modified) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + indicatorId(n)
                + "\",\"created\":\"2026-11-01T00:00:00.000Z\",\"modified\":\"" + modified
                + "\",\"pattern\":\"[ipv4-addr:value = '192.0.2." + n + "']\",\"pattern_type\":\"stix\","
                + "\"valid_from\":\"2026-11-01T00:00:00Z\"}";
    }

    private static String envelope(String... objects) {
        return "{\"objects\":[" + String.join(",", objects) + "]}";
    }
}
