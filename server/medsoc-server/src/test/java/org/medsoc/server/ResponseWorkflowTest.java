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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;

/**
 * Assets and response end to end on a real node: a hospital's ledger imported over the API enriches events; an
 * ingested attack opens an incident, which starts a playbook that blocks the attacker at a firewall (a real loopback
 * HTTP server that verifies medsoc's signature), notifies the team through a signed webhook, and notes it on the
 * incident.
 */
class ResponseWorkflowTest {
    private static final String TOKEN = "response-test-token-0123456789";
    private static final String SECRET = "firewall-shared-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHADOW_DELETE = "{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\","
            + "\"event_id\":1,\"computer_name\":\"PACS-SRV-01\",\"event_data\":{\"Image\":"
            + "\"C:\\\\Windows\\\\System32\\\\vssadmin.exe\",\"CommandLine\":\"vssadmin.exe delete shadows /all /quiet\"}}}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String sign(String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private HttpResponse<String> call(Node node, String method, String path, String type, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN);
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ResponseWorkflowTest.class.getResourceAsStream("/response/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anIncidentOnAnImagingServerIsContainedByAPlaybook() throws Exception {
        List<String> firewall = new CopyOnWriteArrayList<>();
        List<String> webhook = new CopyOnWriteArrayList<>();
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/firewall/api", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String ts = ex.getRequestHeaders().getFirst("X-Medsoc-Timestamp");
            String sig = ex.getRequestHeaders().getFirst("X-Medsoc-Signature");
            int status;
            try {
                status = sig != null && sig.equals(sign(ts, body)) ? 200 : 401;
            } catch (Exception e) {
                status = 500;
            }
            if (status == 200) {
                firewall.add(new String(body, StandardCharsets.UTF_8) + " key=" + ex.getRequestHeaders().getFirst("Idempotency-Key"));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        fake.createContext("/soc-hook", ex -> {
            webhook.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        fake.start();
        String base = "http://127.0.0.1:" + fake.getAddress().getPort();
        try (Node node = Node.start(new NodeConfig(Settings.of(Map.ofEntries(
                Map.entry("node.data-dir", dir.resolve("data").toString()),
                Map.entry("node.tenant", "hospital-a"),
                Map.entry("http.bind", "127.0.0.1"),
                Map.entry("http.port", "0"),
                Map.entry("ingest.syslog.enabled", "false"),
                Map.entry("ingest.pipeline.commit-interval", "200ms"),
                Map.entry("response.firewall.url", base + "/firewall/api"),
                Map.entry("response.firewall.secret", SECRET),
                Map.entry("notify.channel.soc-webhook.type", "webhook"),
                Map.entry("notify.channel.soc-webhook.url", base + "/soc-hook"),
                Map.entry("notify.channel.soc-webhook.secret", "hook-secret")))), TOKEN)) {
            // the hospital's ledger, in Chinese
            HttpResponse<String> imported = call(node, "POST", "/api/v1/assets/import", "text/csv", resource("ledger.csv"));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(JSON.readTree(imported.body()).get("created").asInt()).isEqualTo(2);
            JsonNode pacs = JSON.readTree(call(node, "GET", "/api/v1/assets?q=PACS-SRV", null, null).body());
            assertThat(pacs.get("total").asInt()).isEqualTo(1);
            assertThat(pacs.get("assets").get(0).get("attributes").get("owner").asText()).isEqualTo("王工");
            HttpResponse<String> export = call(node, "GET", "/api/v1/assets/export?headers=zh", null, null);
            assertThat(export.body()).contains("PACS-SRV-01").contains("影像科");

            JsonNode channels = JSON.readTree(call(node, "GET", "/api/v1/channels", null, null).body());
            assertThat(channels.get("channels").toString()).contains("soc-webhook").contains("webhook")
                    .doesNotContain("hook-secret");
            JsonNode tested = JSON.readTree(call(node, "POST", "/api/v1/channels/soc-webhook/test", "application/json",
                    "{\"language\":\"zh\"}".getBytes(StandardCharsets.UTF_8)).body());
            assertThat(tested.get("result").asText()).isEqualTo("delivered");
            assertThat(webhook).singleElement().satisfies(w -> assertThat(w).contains("测试消息"));
            webhook.clear();
            assertThat(call(node, "POST", "/api/v1/channels/nope/test", "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(400);

            HttpResponse<String> saved = call(node, "PUT", "/api/v1/playbooks/contain-shadow-deletion",
                    "application/yaml", resource("contain-shadow-deletion.yml"));
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
            HttpResponse<String> invalid = call(node, "PUT", "/api/v1/playbooks/broken", "application/yaml",
                    "id: broken\nname: x\nversion: 1\ntrigger: {type: incident.opened}\nsteps: [{id: a, type: teleport}]\n"
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body()).contains("teleport");

            // the hospital's on-call roster: one engineer around the clock, paged on the signed webhook
            HttpResponse<String> roster = call(node, "PUT", "/api/v1/oncall", "application/yaml", """
                    zone: Asia/Shanghai
                    contacts: [{id: wang, name: 王工, channels: {soc-webhook: "13800000003"}}]
                    shifts: [{name: all-day, days: every-day, start: "00:00", end: "00:00", chain: [wang]}]
                    escalation: {levels: [{after: 0m, channels: [soc-webhook]}], repeat: 30m, max-repeats: 0}
                    """.getBytes(StandardCharsets.UTF_8));
            assertThat(roster.statusCode()).as(roster.body()).isEqualTo(200);
            HttpResponse<String> badRoster = call(node, "PUT", "/api/v1/oncall", "application/yaml",
                    "contacts: [{id: x, name: y, channels: {nowhere: '1'}}]\n".getBytes(StandardCharsets.UTF_8));
            assertThat(badRoster.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(call(node, "GET", "/api/v1/oncall", null, null).body()).get("onDuty").toString())
                    .contains("王工");

            HttpResponse<String> ingest = call(node, "POST", "/api/v1/ingest", "application/x-ndjson",
                    (SHADOW_DELETE + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(ingest.statusCode()).isEqualTo(200);

            JsonNode run = awaitRun(node);
            assertThat(run.get("run").get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(firewall).singleElement().satisfies(f -> assertThat(f).contains("\"action\":\"block\"")
                    .contains("10.20.30.40").contains("PACS-SRV-01"));
            assertThat(webhook).anySatisfy(w -> assertThat(w).contains("王工").contains("Blocked 10.20.30.40"));
            // the on-duty engineer is paged for the new incident
            long pageDeadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (webhook.stream().noneMatch(w -> w.contains("13800000003")) && System.nanoTime() < pageDeadline) {
                Thread.sleep(200);
            }
            assertThat(webhook).anySatisfy(w -> assertThat(w).contains("13800000003"));
            JsonNode incidents = JSON.readTree(call(node, "GET", "/api/v1/incidents", null, null).body());
            long id = incidents.get("incidents").get(0).get("id").asLong();
            JsonNode pages = JSON.readTree(call(node, "GET", "/api/v1/oncall/pages?incident=" + id, null, null).body());
            assertThat(pages.get("pages").get(0).get("state").asText()).isEqualTo("OPEN");
            JsonNode comments = JSON.readTree(call(node, "GET", "/api/v1/incidents/" + id + "/comments", null, null).body());
            assertThat(comments.toString()).contains("playbook blocked 10.20.30.40");
            // a playbook's note is not a human response: the SLA clock still waits for the analyst
            assertThat(incidents.get("incidents").get(0).has("firstResponseAt")).isFalse();
            // acknowledging the incident stops the paging
            long version = incidents.get("incidents").get(0).get("version").asLong();
            assertThat(call(node, "POST", "/api/v1/incidents/" + id + "/transitions", "application/json",
                    ("{\"transition\":\"acknowledge\",\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(200);
            JsonNode after = JSON.readTree(call(node, "GET", "/api/v1/oncall/pages?incident=" + id, null, null).body());
            assertThat(after.get("pages").get(0).get("state").asText()).isEqualTo("ACKNOWLEDGED");
            // the automatic unblock is scheduled for when the block expires, not lost
            JsonNode runs = JSON.readTree(call(node, "GET", "/api/v1/playbook-runs?state=running", null, null).body());
            assertThat(runs.get("runs")).anySatisfy(r -> assertThat(r.get("playbookId").asText())
                    .isEqualTo("contain-shadow-deletion.auto-unblock"));
            // events from a ledger address carry the asset's business system and criticality
            call(node, "POST", "/api/v1/ingest", "application/x-ndjson",
                    "{\"message\":\"smb session\",\"source\":{\"ip\":\"10.20.5.11\"}}\n".getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode enriched = null;
            while (System.nanoTime() < deadline) {
                enriched = JSON.readTree(call(node, "GET", "/api/v1/events?q=message:smb", null, null).body());
                if (enriched.get("total").asInt() > 0) {
                    break;
                }
                Thread.sleep(200);
            }
            JsonNode e = enriched.get("events").get(0);
            assertThat(e.get("medsoc.business_system").asText()).isEqualTo("PACS");
            assertThat(e.get("medsoc.asset.criticality").asInt()).isEqualTo(4);
        } finally {
            fake.stop(0);
        }
    }

    @Test
    void sharedIntelligenceTurnsAConnectionToAKnownC2IntoAnAlertAndAnIncident() throws Exception {
        try (Node node = Node.start(new NodeConfig(Settings.of(Map.of(
                "node.data-dir", dir.resolve("intel-node").toString(),
                "node.tenant", "hospital-a",
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.enabled", "false",
                "ingest.pipeline.commit-interval", "200ms"))), TOKEN)) {
            HttpResponse<String> imported = call(node, "PUT", "/api/v1/intel/bundles/commission", "application/json",
                    resource("commission-c2.json"));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
            JsonNode r = JSON.readTree(imported.body());
            assertThat(r.get("indicators").asInt()).isEqualTo(1);
            assertThat(r.get("problems").toString()).contains("indicator--1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e");
            JsonNode list = JSON.readTree(call(node, "GET", "/api/v1/intel/indicators?type=ipv4", null, null).body());
            assertThat(list.get("total").asInt()).isEqualTo(1);
            assertThat(call(node, "GET", "/api/v1/intel/export", null, null).body()).contains("203.0.113.77");

            call(node, "POST", "/api/v1/ingest", "application/x-ndjson", ("{\"message\":\"allowed https\","
                    + "\"source\":{\"ip\":\"10.20.5.11\"},\"destination\":{\"ip\":\"203.0.113.77\",\"port\":443}}\n"
                    + "{\"message\":\"allowed https\",\"source\":{\"ip\":\"10.20.5.11\"},"
                    + "\"destination\":{\"ip\":\"203.0.113.78\",\"port\":443}}\n").getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode incidents = null;
            while (System.nanoTime() < deadline) {
                incidents = JSON.readTree(call(node, "GET", "/api/v1/incidents", null, null).body());
                if (incidents.get("total").asInt() > 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(incidents.get("total").asInt()).isEqualTo(1);
            assertThat(incidents.get("incidents").get(0).get("title").asText())
                    .contains("Threat-intelligence indicator observed");
            // the alert is in the event store; searches see it after the store's next refresh
            JsonNode alerts = JSON.readTree(call(node, "GET", "/api/v1/alerts", null, null).body());
            while (alerts.get("total").asInt() == 0 && System.nanoTime() < deadline + Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(200);
                alerts = JSON.readTree(call(node, "GET", "/api/v1/alerts", null, null).body());
            }
            assertThat(alerts.get("total").asInt()).isEqualTo(1);
            assertThat(alerts.get("events").get(0).get("medsoc.intel.indicator").asText()).isEqualTo("203.0.113.77");
            assertThat(alerts.get("events").get(0).get("medsoc.intel.field").asText()).isEqualTo("destination.ip");
        }
    }

    private JsonNode awaitRun(Node node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = JSON.readTree(call(node, "GET", "/api/v1/playbook-runs", null, null).body()).get("runs");
            for (JsonNode r : runs) {
                String state = r.get("state").asText();
                if (r.get("playbookId").asText().equals("contain-shadow-deletion")
                        && !state.equals("RUNNING") && !state.equals("WAITING")) {
                    return JSON.readTree(call(node, "GET", "/api/v1/playbook-runs/" + r.get("id").asText(),
                            null, null).body());
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the playbook run did not finish; runs: "
                + call(node, "GET", "/api/v1/playbook-runs", null, null).body() + "; incidents: "
                + call(node, "GET", "/api/v1/incidents", null, null).body() + "; playbooks: "
                + call(node, "GET", "/api/v1/playbooks", null, null).body());
    }
}
