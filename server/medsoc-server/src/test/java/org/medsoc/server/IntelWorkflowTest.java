package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;
import org.medsoc.intel.TaxiiServer;

/**
 * Threat intelligence between two real nodes over HTTP: node A serves its intel bundle over TAXII 2.1 (tokens,
 * media types, tenant isolation, TLP filtering), node B polls it with its TAXII client and a MISP feed from a plain
 * HTTP server, keeps its place across a restart; sightings recorded by analysts and by the pipeline show in the API,
 * in TAXII and in the export, and survive a restart.
 */
class IntelWorkflowTest {
    private static final String TOKEN = "intel-test-token-0123456789";
    private static final String TAXII = TaxiiServer.MEDIA_TYPE;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> call(Node node, String method, String path, String token, String type, byte[] body,
            String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(Node node, String path, String token, String... headers) throws Exception {
        HttpResponse<String> r = call(node, "GET", path, token, null, null, headers);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = IntelWorkflowTest.class.getResourceAsStream("/intel/" + name)) {
            if (in == null) {
                throw new IOException("no test resource /intel/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static <T> T await(String what, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T v = probe.call();
                if (v != null) {
                    return v;
                }
            } catch (Exception | AssertionError e) {
                last = e instanceof Exception ex ? ex : new Exception(e);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what, last);
    }

    private Node start(String name, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of(
                "node.data-dir", dir.resolve(name).toString(),
                "node.tenant", "provider",
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.enabled", "false",
                "ingest.pipeline.commit-interval", "200ms",
                "intel.sightings.flush-interval", "200ms"));
        s.putAll(extra);
        return Node.start(new NodeConfig(Settings.of(s)), TOKEN);
    }

    private String login(Node node, String user) throws Exception {
        HttpResponse<String> r = call(node, "POST", "/api/v1/auth/login", null, "application/json",
                JSON.writeValueAsBytes(Map.of("username", user, "password", "Correct-Horse-42-Battery")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    @Test
    void taxiiAnswersAMissingTokenWithATaxiiErrorAndMatchesIndicatorsPostedToAnInbox() throws Exception {
        try (Node a = start("inbox", Map.of())) {
            for (String token : new String[] {null, "not-a-valid-token-0123456789"}) {
                HttpResponse<String> denied = call(a, "GET", "/taxii2/provider/collections/", token, null, null,
                        "Accept", TAXII);
                assertThat(denied.statusCode()).isEqualTo(401);
                assertThat(denied.headers().firstValue("Content-Type")).hasValue(TAXII);
                JsonNode error = JSON.readTree(denied.body());
                assertThat(error.get("title").asText()).isEqualTo("Unauthorized");
                assertThat(error.get("http_status").asText()).isEqualTo("401");
                assertThat(error.get("description").asText()).contains("Authorization: Bearer");
            }
            // the API keeps its problem documents
            HttpResponse<String> api = call(a, "GET", "/api/v1/incidents", null, null, null);
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");

            HttpResponse<String> added = call(a, "POST", "/taxii2/provider/collections/inbox/objects/", TOKEN, TAXII,
                    resource("taxii-inbox-envelope.json"), "Accept", TAXII);
            assertThat(added.statusCode()).as(added.body()).isEqualTo(202);
            assertThat(JSON.readTree(added.body()).get("success_count").asInt()).isEqualTo(3);
            // the indicator with a STIX pattern is matched from now on; the YARA one and the note only kept
            JsonNode found = json(a, "/api/v1/intel/indicators?q=198.51.100.201", TOKEN);
            assertThat(found.get("total").asInt()).isEqualTo(1);
            assertThat(found.get("indicators").get(0).get("source").asText()).isEqualTo("stix:taxii-inbox-provider");
            assertThat(found.get("indicators").get(0).get("confidence").asInt()).isEqualTo(85);
            assertThat(json(a, "/taxii2/provider/collections/inbox/objects/", TOKEN, "Accept", TAXII)
                    .get("objects")).hasSize(3);

            HttpResponse<String> ingested = call(a, "POST", "/api/v1/ingest", TOKEN, "application/x-ndjson",
                    ("{\"message\":\"outbound smb\",\"source\":{\"ip\":\"10.20.5.12\"},"
                            + "\"destination\":{\"ip\":\"198.51.100.201\",\"port\":445}}\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);
            await("the intel incident", () -> {
                for (JsonNode i : json(a, "/api/v1/incidents", TOKEN).get("incidents")) {
                    if (i.get("title").asText().contains("Threat-intelligence indicator observed")) {
                        return i;
                    }
                }
                return null;
            });
        }
    }

    @Test
    void nodesShareIntelOverTaxiiAndMispAndKeepSightings() throws Exception {
        HttpServer misp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        misp.createContext("/feeds/hospital-cert/", exchange -> {
            String file = exchange.getRequestURI().getPath().substring("/feeds/hospital-cert/".length());
            byte[] body;
            try {
                body = resource("misp-feed/" + file);
            } catch (IOException e) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        misp.start();
        try (Node a = start("a", Map.of())) {
            for (String h : List.of("hospital-a", "hospital-b")) {
                assertThat(call(a, "POST", "/api/v1/tenants", TOKEN, "application/json", JSON.writeValueAsBytes(
                        Map.of("id", h, "name", h, "parent", "provider"))).statusCode()).isEqualTo(201);
            }
            HttpResponse<String> user = call(a, "POST", "/api/v1/users", TOKEN, "application/json",
                    JSON.writeValueAsBytes(Map.of("username", "analyst-b", "displayName", "Analyst B", "homeTenant",
                            "hospital-b", "password", "Correct-Horse-42-Battery", "roles", List.of("analyst"))));
            assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
            String analystB = login(a, "analyst-b");
            HttpResponse<String> imported = call(a, "PUT", "/api/v1/intel/bundles/commission", TOKEN,
                    "application/json", resource("commission-feed.json"));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);

            // TAXII on node A: a token is needed, the media type is checked, tenants are isolated
            assertThat(call(a, "GET", "/taxii2/", null, null, null, "Accept", TAXII).statusCode()).isEqualTo(401);
            HttpResponse<String> discovery = call(a, "GET", "/taxii2/", TOKEN, null, null, "Accept", TAXII);
            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(discovery.headers().firstValue("Content-Type")).contains(TAXII);
            assertThat(JSON.readTree(discovery.body()).get("api_roots").toString())
                    .contains("/taxii2/provider/", "/taxii2/hospital-a/", "/taxii2/hospital-b/");
            assertThat(call(a, "GET", "/taxii2/", TOKEN, null, null, "Accept", "application/json").statusCode())
                    .isEqualTo(406);
            assertThat(JSON.readTree(call(a, "GET", "/taxii2/", analystB, null, null, "Accept", TAXII).body())
                    .get("api_roots").toString()).isEqualTo("[\"/taxii2/hospital-b/\"]");
            for (String other : List.of("/taxii2/provider/collections/", "/taxii2/hospital-a/collections/",
                    "/taxii2/provider/collections/bundle-commission/objects/")) {
                HttpResponse<String> r = call(a, "GET", other, analystB, null, null, "Accept", TAXII);
                assertThat(r.statusCode()).as(other).isEqualTo(404);
                assertThat(r.body()).doesNotContain("203.0.113.77");
            }
            String collection = a.baseUrl() + "/taxii2/provider/collections/"
                    + TaxiiServer.collectionId(org.medsoc.spi.event.TenantId.of("provider"), "bundle-commission") + "/";
            JsonNode served = json(a, collection.substring(a.baseUrl().length()) + "objects/", TOKEN, "Accept", TAXII);
            assertThat(served.toString()).contains("203.0.113.77").doesNotContain("E3B0C44298FC1C149AFB");

            // analysts' verdicts and the pipeline's matches are sightings of the tenant
            HttpResponse<String> fp = call(a, "POST", "/api/v1/intel/sightings", TOKEN, "application/json",
                    JSON.writeValueAsBytes(Map.of("type", "ipv4", "value", "203.0.113.77", "kind", "false_positive",
                            "note", "PACS vendor update mirror")), "X-Medsoc-Tenant", "hospital-a");
            assertThat(fp.statusCode()).as(fp.body()).isEqualTo(201);
            assertThat(JSON.readTree(fp.body()).get("suppressed").asBoolean()).isTrue();
            HttpResponse<String> ingest = call(a, "POST", "/api/v1/ingest", TOKEN, "application/x-ndjson",
                    ("{\"@timestamp\":\"2026-12-01T08:00:00Z\",\"message\":\"conn\",\"source\":{\"ip\":\"10.20.5.11\"},"
                            + "\"destination\":{\"ip\":\"203.0.113.77\"}}\n").getBytes(), "X-Medsoc-Tenant", "hospital-b");
            assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
            JsonNode seenByB = await("hospital-b's automatic sighting", () -> {
                JsonNode n = json(a, "/api/v1/intel/indicators/ipv4/203.0.113.77/sightings", TOKEN,
                        "X-Medsoc-Tenant", "hospital-b");
                return n.get("counts").get("seen").asLong() == 1 ? n : null;
            });
            assertThat(seenByB.get("sightings").get(0).get("origin").asText()).isEqualTo("AUTOMATIC");
            assertThat(seenByB.get("counts").get("suppressed").asBoolean()).isFalse();
            JsonNode ofA = json(a, "/api/v1/intel/sightings?type=ipv4&value=203.0.113.77", TOKEN,
                    "X-Medsoc-Tenant", "hospital-a");
            assertThat(ofA.get("sightings")).singleElement().satisfies(s -> {
                assertThat(s.get("kind").asText()).isEqualTo("FALSE_POSITIVE");
                assertThat(s.get("origin").asText()).isEqualTo("USER");
                assertThat(s.get("note").asText()).isEqualTo("PACS vendor update mirror");
            });
            JsonNode listed = json(a, "/api/v1/intel/indicators?q=203.0.113.77", TOKEN, "X-Medsoc-Tenant",
                    "hospital-a");
            assertThat(listed.get("indicators").get(0).get("sightings").get("falsePositive").asLong()).isEqualTo(1);
            assertThat(listed.get("indicators").get(0).get("sightings").get("suppressed").asBoolean()).isTrue();
            assertThat(call(a, "GET", "/api/v1/intel/indicators/ipv4/203.0.113.77/sightings", analystB, null, null,
                    "X-Medsoc-Tenant", "hospital-a").statusCode()).isEqualTo(403);
            String export = call(a, "GET", "/api/v1/intel/export", TOKEN, null, null, "X-Medsoc-Tenant", "hospital-a")
                    .body();
            assertThat(export).contains("\"type\" : \"sighting\"").contains("FALSE_POSITIVE");
            JsonNode taxiiSightings = json(a, "/taxii2/hospital-a/collections/sightings/objects/", TOKEN, "Accept",
                    TAXII);
            assertThat(taxiiSightings.get("objects")).hasSize(1);

            // node B polls node A's collection over TAXII and the MISP feed over HTTP
            Map<String, String> feeds = Map.of(
                    "intel.taxii.peer.url", collection,
                    "intel.taxii.peer.token", TOKEN,
                    "intel.taxii.peer.limit", "2",
                    "intel.misp.cert.url", "http://127.0.0.1:" + misp.getAddress().getPort() + "/feeds/hospital-cert/",
                    "intel.taxii.broken.url", a.baseUrl() + "/taxii2/provider/collections/nope/",
                    "intel.taxii.broken.token", "wrong-token");
            long pulled;
            String polledAt;
            try (Node b = start("b", feeds)) {
                JsonNode status = await("both feeds polled", () -> {
                    JsonNode f = json(b, "/api/v1/intel/feeds", TOKEN);
                    int done = 0;
                    for (JsonNode feed : f.get("feeds")) {
                        done += feed.has("lastAttempt") && !feed.get("lastAttempt").isNull() ? 1 : 0;
                    }
                    return done == 3 ? f : null;
                });
                Map<String, JsonNode> byName = new HashMap<>();
                status.get("feeds").forEach(f -> byName.put(f.get("name").asText(), f));
                assertThat(byName.get("peer").path("lastError").asText("")).as(status.toString()).isEmpty();
                assertThat(byName.get("peer").get("addedAfter").asText()).endsWith("Z");
                assertThat(byName.get("cert").path("lastError").asText("")).as(status.toString()).isEmpty();
                assertThat(byName.get("broken").get("lastError").asText()).contains("HTTP 401");
                assertThat(status.toString()).doesNotContain(TOKEN).doesNotContain("wrong-token");
                pulled = byName.get("peer").get("objects").asLong();
                polledAt = byName.get("peer").get("lastSuccess").asText();
                assertThat(pulled).isGreaterThan(2);

                JsonNode bundles = json(b, "/api/v1/intel/bundles", TOKEN);
                assertThat(bundles.get("bundles").findValuesAsText("name")).contains("taxii-peer", "misp-cert");
                JsonNode c2 = json(b, "/api/v1/intel/indicators?q=203.0.113.77", TOKEN);
                assertThat(c2.get("indicators").findValuesAsText("source")).contains("stix:taxii-peer");
                // TLP:RED never left node A
                assertThat(json(b, "/api/v1/intel/indicators?type=sha256&q=e3b0c442", TOKEN).get("total").asInt())
                        .isZero();
                assertThat(json(b, "/api/v1/intel/indicators?q=c2.lockbit.example", TOKEN).get("total").asInt())
                        .isEqualTo(1);
                // the feed's sighting object became a sighting of the feed's tenant (the node's by default)
                JsonNode fromFeed = json(b, "/api/v1/intel/indicators/ipv4/203.0.113.77/sightings", TOKEN);
                assertThat(fromFeed.get("sightings")).singleElement().satisfies(s -> {
                    assertThat(s.get("origin").asText()).isEqualTo("NODE");
                    assertThat(s.get("count").asLong()).isEqualTo(3);
                    assertThat(s.get("source").asText()).isEqualTo("taxii:peer");
                });
            }
            // restarted, node B resumes after what it already has: the next poll brings nothing new
            try (Node b = start("b", feeds)) {
                JsonNode peer = await("the poll after the restart", () -> {
                    for (JsonNode f : json(b, "/api/v1/intel/feeds", TOKEN).get("feeds")) {
                        if (f.get("name").asText().equals("peer")
                                && !f.get("lastSuccess").asText().equals(polledAt)) {
                            return f;
                        }
                    }
                    return null;
                });
                assertThat(peer.path("lastError").asText("")).isEmpty();
                assertThat(peer.get("objects").asLong()).isEqualTo(pulled);
                assertThat(json(b, "/api/v1/intel/indicators?q=203.0.113.77", TOKEN).get("total").asInt())
                        .isEqualTo(1);
                assertThat(json(b, "/api/v1/intel/indicators/ipv4/203.0.113.77/sightings", TOKEN).get("sightings"))
                        .hasSize(1); // not recorded twice
            }
        } finally {
            misp.stop(0);
        }
        // node A's sightings survived its restart
        try (Node a = start("a", Map.of())) {
            JsonNode seen = json(a, "/api/v1/intel/indicators/ipv4/203.0.113.77/sightings", TOKEN,
                    "X-Medsoc-Tenant", "hospital-b");
            assertThat(seen.get("counts").get("seen").asLong()).isEqualTo(1);
            assertThat(json(a, "/api/v1/intel/indicators?q=203.0.113.77", TOKEN, "X-Medsoc-Tenant", "hospital-a")
                    .get("indicators").get(0).get("sightings").get("suppressed").asBoolean()).isTrue();
        }
    }
}
