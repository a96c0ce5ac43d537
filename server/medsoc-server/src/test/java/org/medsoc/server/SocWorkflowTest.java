package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;

/**
 * The SOC's working surface end to end over HTTP on a real node (H2 in its data directory): log in, ingest an
 * attack, see the alert, the incident and its SLA, work it to closure, read the audit trail; and two hospitals whose
 * users never see each other's data, for every role and endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocWorkflowTest {
    private static final String BOOTSTRAP = "bootstrap-token-0123456789abcdef";
    private static final String PASSWORD = "Correct-Horse-Battery-42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHADOW_DELETE = "{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\","
            + "\"event_id\":1,\"computer_name\":\"PACS-SRV-01\",\"event_data\":{\"Image\":"
            + "\"C:\\\\Windows\\\\System32\\\\vssadmin.exe\",\"CommandLine\":\"vssadmin.exe delete shadows /all /quiet\"}}}";

    private Node node;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        node = Node.start(new NodeConfig(Settings.of(Map.of(
                "node.data-dir", dir.resolve("data").toString(),
                "node.tenant", "provider",
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.enabled", "false",
                "ingest.pipeline.commit-interval", "200ms",
                "store.lucene.refresh-interval", "100ms"))), BOOTSTRAP);
        // a provider's node (its own tenant "provider") serving two member hospitals
        for (String h : List.of("hospital-a", "hospital-b")) {
            HttpResponse<String> r = call("POST", "/api/v1/tenants", BOOTSTRAP,
                    Map.of("id", h, "name", "Hospital " + h, "parent", "provider"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        for (String tenant : List.of("hospital-a", "hospital-b")) {
            for (String role : List.of("admin", "analyst", "auditor", "tenant_viewer")) {
                String user = role.replace("_", "-") + "-" + tenant.substring(tenant.length() - 1);
                HttpResponse<String> r = call("POST", "/api/v1/users", BOOTSTRAP, Map.of("username", user,
                        "displayName", user, "homeTenant", tenant, "password", PASSWORD, "roles", List.of(role)));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                tokens.put(user, login(user, PASSWORD));
            }
        }
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private String login(String user, String password) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/auth/login", null, Map.of("username", user, "password", password));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> call(String method, String path, String token, Object body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        if (body instanceof String s) {
            b.header("Content-Type", "application/x-ndjson");
            b.method(method, HttpRequest.BodyPublishers.ofString(s));
        } else if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, String token, String... headers) throws Exception {
        HttpResponse<String> r = call("GET", path, token, null, headers);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode awaitIncident(String token, String tenant) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = get("/api/v1/incidents", token, "X-Medsoc-Tenant", tenant);
            if (list.get("total").asLong() > 0) {
                return list.get("incidents").get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no incident appeared for " + tenant);
    }

    @Test
    void anIngestedAttackBecomesAnIncidentThatIsWorkedToClosure() throws Exception {
        String analyst = tokens.get("analyst-a");
        HttpResponse<String> ingest = call("POST", "/api/v1/ingest", tokens.get("admin-a"), SHADOW_DELETE + "\n",
                "X-Medsoc-Tenant", "hospital-a");
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);

        JsonNode incident = awaitIncident(analyst, "hospital-a");
        long id = incident.get("id").asLong();
        assertThat(incident.get("state").asText()).isEqualTo("NEW");
        assertThat(incident.get("severity").asText()).isEqualTo("HIGH");
        assertThat(incident.get("title").asText()).contains("Vssadmin");
        assertThat(incident.get("sla").get("response").asText()).isIn("ON_TRACK", "AT_RISK");
        assertThat(incident.get("sla").has("responseDue")).isTrue();
        assertThat(incident.get("sla").has("resolutionDue")).isTrue();

        // the alert is stored before the incident opens; searches see it after the store's next refresh
        JsonNode alerts = get("/api/v1/alerts?q=*", analyst);
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (alerts.get("total").asLong() == 0 && System.nanoTime() < until) {
            Thread.sleep(200);
            alerts = get("/api/v1/alerts?q=*", analyst);
        }
        assertThat(alerts.get("total").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode linked = get("/api/v1/incidents/" + id + "/alerts", analyst);
        assertThat(linked.get("alerts")).isNotEmpty();

        long version = incident.get("version").asLong();
        JsonNode acked = JSON.readTree(call("POST", "/api/v1/incidents/" + id + "/transitions", analyst,
                Map.of("transition", "acknowledge", "version", version)).body());
        assertThat(acked.get("state").asText()).isEqualTo("TRIAGING");
        assertThat(acked.get("assignee").asText()).isEqualTo("analyst-a");
        assertThat(acked.get("sla").get("response").asText()).isEqualTo("MET");

        // a stale version is refused and changes nothing
        HttpResponse<String> stale = call("POST", "/api/v1/incidents/" + id + "/transitions", analyst,
                Map.of("transition", "contain", "version", version));
        assertThat(stale.statusCode()).isEqualTo(409);
        // an invalid transition names the state
        HttpResponse<String> invalid = call("POST", "/api/v1/incidents/" + id + "/transitions", analyst,
                Map.of("transition", "close", "version", acked.get("version").asLong()));
        assertThat(invalid.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(invalid.body()).get("code").asText()).isEqualTo("INVALID_TRANSITION");

        HttpResponse<String> comment = call("POST", "/api/v1/incidents/" + id + "/comments", analyst,
                Map.of("body", "影像服务器 PACS-SRV-01 已隔离，正在核查备份。"));
        assertThat(comment.statusCode()).isEqualTo(201);
        HttpResponse<String> tooLong = call("POST", "/api/v1/incidents/" + id + "/comments", analyst,
                Map.of("body", "x".repeat(10_001)));
        assertThat(tooLong.statusCode()).isEqualTo(400);

        JsonNode contained = JSON.readTree(call("POST", "/api/v1/incidents/" + id + "/transitions", analyst,
                Map.of("transition", "contain", "version", acked.get("version").asLong())).body());
        JsonNode resolved = JSON.readTree(call("POST", "/api/v1/incidents/" + id + "/transitions", analyst,
                Map.of("transition", "resolve", "version", contained.get("version").asLong(),
                        "resolution", "true_positive", "summary", "Shadow copies restored from offline backup")).body());
        assertThat(resolved.get("state").asText()).as(resolved.toString()).isEqualTo("RESOLVED");
        JsonNode closed = JSON.readTree(call("POST", "/api/v1/incidents/" + id + "/transitions", analyst,
                Map.of("transition", "close", "version", resolved.get("version").asLong())).body());
        assertThat(closed.get("state").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("sla").get("resolution").asText()).isEqualTo("MET");

        JsonNode timeline = get("/api/v1/incidents/" + id + "/timeline", analyst);
        List<String> what = new ArrayList<>();
        timeline.forEach(t -> what.add(t.get("what").asText()));
        assertThat(what).contains("acknowledge", "contain", "resolve", "close");

        // the auditor sees every change, with who and on which tenant
        JsonNode audit = get("/api/v1/audit?action=api.incidents&limit=100", tokens.get("auditor-a"));
        assertThat(audit.get("entries")).anySatisfy(e -> {
            assertThat(e.get("entry").get("actor").get("name").asText()).isEqualTo("analyst-a");
            assertThat(e.get("entry").get("tenant").asText()).isEqualTo("hospital-a");
        });
        JsonNode chain = get("/api/v1/audit/verify", tokens.get("auditor-a"));
        assertThat(chain.get("intact").asBoolean()).isTrue();
        assertThat(chain.get("checked").asLong()).isPositive();
        // the analyst may not read the audit log, and a viewer may not change an incident
        assertThat(call("GET", "/api/v1/audit", analyst, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/incidents/" + id + "/comments", tokens.get("tenant-viewer-a"),
                Map.of("body", "hi")).statusCode()).isEqualTo(403);
    }

    @Test
    void hospitalsNeverSeeEachOthersData() throws Exception {
        call("POST", "/api/v1/ingest", tokens.get("admin-b"), SHADOW_DELETE + "\n", "X-Medsoc-Tenant", "hospital-b");
        awaitIncident(tokens.get("analyst-b"), "hospital-b");
        long bIncident = get("/api/v1/incidents", tokens.get("analyst-b"), "X-Medsoc-Tenant", "hospital-b")
                .get("incidents").get(0).get("id").asLong();

        List<String> readPaths = List.of("/api/v1/events", "/api/v1/alerts", "/api/v1/deadletters",
                "/api/v1/incidents", "/api/v1/incidents/" + bIncident, "/api/v1/incidents/" + bIncident + "/timeline",
                "/api/v1/incidents/" + bIncident + "/comments", "/api/v1/incidents/metrics", "/api/v1/suppressions",
                "/api/v1/audit", "/api/v1/users?tenant=hospital-b", "/api/v1/tenants/hospital-b");
        for (String role : List.of("admin", "analyst", "auditor", "tenant-viewer")) {
            String token = tokens.get(role + "-a");
            for (String path : readPaths) {
                HttpResponse<String> r = call("GET", path, token, null, "X-Medsoc-Tenant", "hospital-b");
                assertThat(r.statusCode()).as(role + "-a GET " + path + " as hospital-b: " + r.body())
                        .isIn(403, 404);
                assertThat(r.body()).as(role + "-a GET " + path).doesNotContain("PACS-SRV-01");
            }
            // without naming the tenant, hospital-a's users get hospital-a's data only
            HttpResponse<String> own = call("GET", "/api/v1/incidents/" + bIncident, token, null);
            assertThat(own.statusCode()).as(role + "-a reads hospital-b's incident id in its own tenant").isIn(403, 404);
            for (String[] write : List.of(
                    new String[] {"POST", "/api/v1/incidents/" + bIncident + "/comments"},
                    new String[] {"POST", "/api/v1/incidents/" + bIncident + "/transitions"},
                    new String[] {"PATCH", "/api/v1/incidents/" + bIncident},
                    new String[] {"POST", "/api/v1/suppressions"},
                    new String[] {"POST", "/api/v1/ingest"})) {
                Object body = write[1].endsWith("ingest") ? "{\"message\":\"x\"}\n"
                        : Map.of("body", "x", "transition", "acknowledge", "version", 0);
                HttpResponse<String> r = call(write[0], write[1], token, body, "X-Medsoc-Tenant", "hospital-b");
                assertThat(r.statusCode()).as(role + "-a " + write[0] + " " + write[1] + " as hospital-b: " + r.body())
                        .isIn(400, 403, 404);
            }
        }
        // hospital-b's own analyst sees its incident; hospital-a's incidents are not in its list
        JsonNode bList = get("/api/v1/incidents", tokens.get("analyst-b"), "X-Medsoc-Tenant", "hospital-b");
        bList.get("incidents").forEach(i -> assertThat(i.get("tenant").asText()).isEqualTo("hospital-b"));
        assertThat(call("GET", "/api/v1/incidents", tokens.get("analyst-b"), null, "X-Medsoc-Tenant", "hospital-a")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void loginFailuresAreUniformAndAudited() throws Exception {
        HttpResponse<String> wrong = call("POST", "/api/v1/auth/login", null,
                Map.of("username", "analyst-a", "password", "not-the-password"));
        HttpResponse<String> unknown = call("POST", "/api/v1/auth/login", null,
                Map.of("username", "nobody-here", "password", "not-the-password"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("detail").asText())
                .isEqualTo(JSON.readTree(unknown.body()).get("detail").asText());
        JsonNode audit = get("/api/v1/audit?action=user.login&limit=200", BOOTSTRAP);
        assertThat(audit.get("entries")).anySatisfy(e -> {
            assertThat(e.get("entry").get("outcome").asText()).isEqualTo("DENIED");
            assertThat(e.get("entry").get("actor").get("name").asText()).isEqualTo("nobody-here");
        });
        JsonNode me = get("/api/v1/auth/me", tokens.get("tenant-viewer-b"));
        assertThat(me.get("username").asText()).isEqualTo("tenant-viewer-b");
        assertThat(me.get("permissions").has("hospital-a")).isFalse();
    }
}
