package org.medsoc.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.detect.ActiveRules;
import org.medsoc.detect.RuleLibrary;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.journal.Journal;
import org.medsoc.journal.JournalConfig;
import org.medsoc.spi.event.TenantId;
import org.medsoc.store.lucene.LuceneEventStore;
import org.medsoc.store.lucene.LuceneStoreConfig;

/** Rule management over real HTTP: list, inspect, disable, upload and delete packs. */
class RulesResourceTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final String PACK_RULE = "5a0c3f2e-1d4b-4c6a-8e9f-0a1b2c3d4e5f";

    @TempDir
    Path dir;

    private LuceneEventStore store;
    private Journal journal;
    private WebServer server;
    private RuleLibrary library;
    private final List<ActiveRules> published = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        store = LuceneEventStore.open(LuceneStoreConfig.defaults(dir.resolve("events")));
        journal = Journal.open(JournalConfig.defaults(dir.resolve("journal")));
        library = RuleLibrary.open(dir.resolve("rules"), true, List.of(), MappingPipeline.loadDefaults(), published::add);
        ApiRouting.Components c = new ApiRouting.Components(store, journal::appendDurably, Authenticator.bootstrapOnly(BootstrapToken.of(TOKEN), TenantId.DEFAULT),
                new TenantResolver(TenantId.DEFAULT),
                AuditTrail.none(), () -> Map.of("status", "UP"), () -> "", true, 4096, 256,
                System::currentTimeMillis);
        HttpRouting.Builder routing = ApiRouting.create(c);
        RulesResource rules = new RulesResource(library, new TenantResolver(TenantId.DEFAULT), System::currentTimeMillis);
        routing.register("/api/v1/rules", rules.rules());
        routing.register("/api/v1/rule-packs", rules.packs());
        server = WebServer.builder().host("127.0.0.1").port(0).routing(ApiRouting.withNotFound(routing)).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        journal.close();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    private static byte[] packRule() throws IOException {
        try (InputStream in = RulesResourceTest.class.getResourceAsStream("/rules/his_export.yml")) {
            return in.readAllBytes();
        }
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void listsRulesWithCountersAndFilters() throws Exception {
        HttpResponse<String> all = get("/api/v1/rules");
        assertThat(all.statusCode()).isEqualTo(200);
        JsonNode body = json(all);
        int total = body.get("total").asInt();
        assertThat(total).isEqualTo(library.list().size()).isPositive();
        JsonNode first = body.get("rules").get(0);
        assertThat(first.get("enabled").asBoolean()).isTrue();
        assertThat(first.get("source").asText()).isEqualTo("builtin");
        assertThat(first.has("evaluations")).isTrue();
        assertThat(first.has("matches")).isTrue();

        JsonNode filtered = json(get("/api/v1/rules?q=vssadmin&limit=1"));
        assertThat(filtered.get("total").asInt()).isBetween(1, total - 1);
        assertThat(filtered.get("rules")).hasSize(1);

        HttpResponse<String> bad = get("/api/v1/rules?enabled=maybe");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("detail").asText()).contains("enabled");
    }

    @Test
    void uploadsAZippedPackThenDisablesAndDeletesIt() throws Exception {
        HttpResponse<String> up = send("PUT", "/api/v1/rule-packs/local-rules", "application/zip",
                zip(Map.of("his/export.yml", packRule(), "README.md", "ignored".getBytes(StandardCharsets.UTF_8))));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(json(up).get("rules").asInt()).isEqualTo(1);
        assertThat(json(up).get("refused")).isEmpty();
        assertThat(published.getLast().detector().rules()).anySatisfy(r -> assertThat(r.rule().id()).isEqualTo(PACK_RULE));

        JsonNode one = json(get("/api/v1/rules/" + PACK_RULE));
        assertThat(one.get("source").asText()).isEqualTo("pack:local-rules");
        assertThat(one.get("yaml").asText()).contains("HIS export by a test account");
        assertThat(json(get("/api/v1/rule-packs")).get("packs").get(0).asText()).isEqualTo("local-rules");

        HttpResponse<String> off = send("PATCH", "/api/v1/rules/" + PACK_RULE, "application/json",
                "{\"enabled\": false}".getBytes(StandardCharsets.UTF_8));
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(json(off).get("enabled").asBoolean()).isFalse();
        assertThat(published.getLast().detector().rules()).noneSatisfy(r -> assertThat(r.rule().id()).isEqualTo(PACK_RULE));
        assertThat(json(get("/api/v1/rules?enabled=false")).get("rules").get(0).get("id").asText()).isEqualTo(PACK_RULE);

        HttpResponse<String> deleted = send("DELETE", "/api/v1/rule-packs/local-rules", null, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/rules/" + PACK_RULE).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/rule-packs/local-rules", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void uploadsASingleYamlRule() throws Exception {
        HttpResponse<String> up = send("PUT", "/api/v1/rule-packs/one", "application/yaml", packRule());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(library.find(PACK_RULE)).isPresent();
        HttpResponse<String> reload = send("POST", "/api/v1/rules/reload", null, null);
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(json(reload).get("rules").asInt()).isEqualTo(library.detector().ruleCount());
    }

    @Test
    void rejectsBadUploadsAndUpdatesPrecisely() throws Exception {
        HttpResponse<String> invalid = send("PUT", "/api/v1/rule-packs/bad", "application/zip",
                zip(Map.of("ok.yml", packRule(), "broken.yml", "title: [unclosed".getBytes(StandardCharsets.UTF_8))));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("code").asText()).isEqualTo("RULE_PACK_INVALID");
        assertThat(json(invalid).get("detail").asText()).contains("broken.yml").contains("was not installed");
        assertThat(library.find(PACK_RULE)).isEmpty();

        HttpResponse<String> notZip = send("PUT", "/api/v1/rule-packs/bad", "application/zip",
                "not a zip".getBytes(StandardCharsets.UTF_8));
        assertThat(notZip.statusCode()).isEqualTo(400);

        HttpResponse<String> wrongType = send("PUT", "/api/v1/rule-packs/bad", "text/plain", packRule());
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json(wrongType).get("detail").asText()).contains("application/zip");

        String anyRule = library.list().getFirst().key();
        HttpResponse<String> badPatch = send("PATCH", "/api/v1/rules/" + anyRule, "application/json",
                "{\"enabled\": \"no\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(badPatch.statusCode()).isEqualTo(400);
        HttpResponse<String> extra = send("PATCH", "/api/v1/rules/" + anyRule, "application/json",
                "{\"enabled\": true, \"level\": \"low\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(json(extra).get("detail").asText()).contains("unknown property 'level'");
        HttpResponse<String> missing = send("PATCH", "/api/v1/rules/no-such-rule", "application/json",
                "{\"enabled\": true}".getBytes(StandardCharsets.UTF_8));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("code").asText()).isEqualTo("RULE_NOT_FOUND");
    }
}
