package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The OpenAPI document served by a real node describes operations that exist, and nothing it serves is missing. */
class OpenApiTest {
    private static final String TOKEN = "openapi-test-token-0123456789";
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void everyDocumentedOperationIsRoutedAndTheDocumentIsPublic() throws Exception {
        try (Node node = Node.start(new NodeConfig(Settings.of(Map.of(
                "node.data-dir", dir.resolve("data").toString(),
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.enabled", "false"))), TOKEN)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> doc = http.send(HttpRequest.newBuilder(
                    URI.create(node.baseUrl() + "/api/v1/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(doc.statusCode()).isEqualTo(200);
            Map<String, Object> api = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(doc.body());
            assertThat(api.get("openapi")).isEqualTo("3.1.0");
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) api.get("paths");
            List<String> unrouted = new ArrayList<>();
            int operations = 0;
            for (var path : paths.entrySet()) {
                String concrete = path.getKey().replace("{id}", "1").replace("{step}", "x").replace("{action}", "retest").replace("{name}", "x").replace("{tenant}", "x")
                        .replace("{role}", "analyst").replace("{directiveId}", "1").replace("{nodeId}", "node-x")
                        .replace("{type}", "ipv4").replace("{value}", "192.0.2.1");
                for (String method : path.getValue().keySet()) {
                    if (!METHODS.contains(method)) {
                        continue;
                    }
                    operations++;
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + concrete))
                            .timeout(Duration.ofSeconds(20))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json")
                            .method(method.toUpperCase(java.util.Locale.ROOT), method.equals("get")
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8));
                    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 405 || catchAll(r)) {
                        unrouted.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey() + " → "
                                + r.statusCode());
                    }
                }
            }
            assertThat(operations).isGreaterThan(50);
            assertThat(unrouted).as("documented operations without a route").isEmpty();
            // and the reverse for a path that is not documented: the catch-all answers
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/nope"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(catchAll(missing)).isTrue();
        }
    }

    private static boolean catchAll(HttpResponse<String> r) throws java.io.IOException {
        if (r.statusCode() != 404 || !r.body().startsWith("{")) {
            return false;
        }
        JsonNode p = new ObjectMapper().readTree(r.body());
        return p.path("detail").asText().startsWith("no resource ");
    }
}
