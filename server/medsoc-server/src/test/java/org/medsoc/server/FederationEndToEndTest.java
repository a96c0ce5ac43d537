package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;

/**
 * Two real nodes over HTTP: a hub ({@code node.role=hub}) and a hospital linked to it with {@code federation.hub-url}.
 * The hospital enrols with a code the hub's administrator issued; a warning issued at the hub becomes an incident at
 * the hospital, whose analyst works it to resolution; the hub sees it acknowledged and disposed of with the evidence
 * and verifies it; the hospital's heartbeat shows in the hub's region view.
 */
class FederationEndToEndTest {
    private static final String HUB_TOKEN = "hub-bootstrap-token-0123456789abcdef";
    private static final String NODE_TOKEN = "node-bootstrap-token-0123456789abcdef";
    private static final String PASSWORD = "Correct-Horse-Battery-42";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWarningFromARealHubIsDisposedOfAtARealHospitalAndVerified(@TempDir Path dir) throws Exception {
        try (Node hub = Node.start(new NodeConfig(Settings.of(Map.of(
                "node.data-dir", dir.resolve("hub").toString(),
                "node.tenant", "commission",
                "node.role", "hub",
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.enabled", "false"))), HUB_TOKEN)) {
            send(hub, "POST", "/api/v1/tenants", HUB_TOKEN, Map.of("id", "h1", "name", "Hospital 1",
                    "parent", "commission"), 201);
            send(hub, "POST", "/api/v1/users", HUB_TOKEN, Map.of("username", "hub-admin", "displayName", "Hub admin",
                    "homeTenant", "h1", "password", PASSWORD, "roles", List.of("admin")), 201);
            String admin = send(hub, "POST", "/api/v1/auth/login", null, Map.of("username", "hub-admin",
                    "password", PASSWORD), 200).get("token").asText();
            String code = send(hub, "POST", "/api/v1/hub/enrolment-codes", admin, Map.of("tenant", "h1",
                    "nodeName", "Hospital 1 SOC", "validFor", "PT1H"), 201).get("code").asText();

            try (Node hospital = Node.start(new NodeConfig(Settings.of(Map.of(
                    "node.data-dir", dir.resolve("hospital").toString(),
                    "node.tenant", "h1",
                    "http.bind", "127.0.0.1",
                    "http.port", "0",
                    "ingest.syslog.enabled", "false",
                    "federation.hub-url", hub.baseUrl(),
                    "federation.enrolment-code", code,
                    "federation.link.interval", "200ms",
                    "federation.heartbeat.interval", "500ms"))), NODE_TOKEN)) {
                String nodeId = await("enrolled", () -> {
                    JsonNode s = send(hospital, "GET", "/api/v1/federation", NODE_TOKEN, null, 200);
                    return s.get("enrolled").asBoolean() ? s.get("nodeId").asText() : null;
                });

                Instant deadline = Instant.now().plus(Duration.ofHours(4)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                long directive = send(hub, "POST", "/api/v1/hub/warnings", admin, Map.of(
                        "title", "Ransomware campaign against PACS", "description", "Patch and isolate imaging shares",
                        "severity", "high", "requiredActions", List.of("patch CVE-2026-1234", "block 198.51.100.9"),
                        "deadline", deadline.toString()), 201).get("directiveId").asLong();

                JsonNode warning = await("warning at the hospital", () -> {
                    for (JsonNode w : send(hospital, "GET", "/api/v1/federation/warnings", NODE_TOKEN, null, 200)) {
                        if (w.get("directiveId").asLong() == directive) {
                            return w;
                        }
                    }
                    return null;
                });
                long incident = warning.get("incidentId").asLong();
                JsonNode i = send(hospital, "GET", "/api/v1/incidents/" + incident, NODE_TOKEN, null, 200);
                assertThat(i.get("title").asText()).contains("Ransomware campaign against PACS");
                assertThat(i.get("description").asText()).contains("patch CVE-2026-1234");
                JsonNode acked = send(hospital, "POST", "/api/v1/incidents/" + incident + "/transitions", NODE_TOKEN,
                        Map.of("transition", "acknowledge", "version", i.get("version").asLong()), 200);
                send(hospital, "POST", "/api/v1/incidents/" + incident + "/transitions", NODE_TOKEN,
                        Map.of("transition", "resolve", "version", acked.get("version").asLong(),
                                "resolution", "true_positive", "summary", "patched all PACS hosts; rule 4711 blocks "
                                        + "198.51.100.9"), 200);

                JsonNode delivery = await("disposed at the hub", () -> {
                    JsonNode d = send(hub, "GET", "/api/v1/hub/warnings/" + directive, admin, null, 200)
                            .get("deliveries").get(0);
                    return d != null && d.get("state").asText().equals("DISPOSED") ? d : null;
                });
                assertThat(delivery.toString()).contains("patched all PACS hosts");
                JsonNode verified = send(hub, "POST", "/api/v1/hub/warnings/" + directive + "/nodes/" + nodeId
                        + "/verify", admin, Map.of(), 200);
                assertThat(verified.get("state").asText()).isEqualTo("VERIFIED");

                await("heartbeat in the region view", () -> {
                    String region = send(hub, "GET", "/api/v1/hub/region", admin, null, 200).toString();
                    return region.contains(nodeId) && region.contains("\"OK\"") ? true : null;
                });
            }
        }
    }

    private JsonNode send(Node n, String method, String path, @Nullable String token, @Nullable Object body,
            int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + " " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static <T> T await(String what, Callable<@Nullable T> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            T v = probe.call();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
