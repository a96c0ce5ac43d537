package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.federation.Directive;
import org.medsoc.federation.DirectiveBody;
import org.medsoc.federation.FederationConfig;
import org.medsoc.federation.FederationNode;
import org.medsoc.federation.NodeCredentials;
import org.medsoc.federation.ReportBody;

/**
 * A hub node ({@code node.role=hub}) over real HTTP with real member nodes from the federation core: enrolment with
 * a code from the API, reports, a warning through its whole lifecycle, a trace, directives, tenant isolation and
 * precise bad-request answers; and a plain node that answers 404 under {@code /api/v1/hub}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubResourceTest {
    private static final String BOOTSTRAP = "bootstrap-token-hub-0123456789abcdef";
    private static final String PASSWORD = "Correct-Horse-Battery-42";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;

    private Node hub;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Member alpha;
    private Member beta;

    /** A member hospital's node: its own database and the core's federation link, driven by hand. */
    private record Member(FederationNode link, NodeCredentials credentials) {
        List<Directive> fetch() {
            return link.client().fetchDirectives(credentials, 0, 1000).directives();
        }

        void report(ReportBody... bodies) {
            for (ReportBody b : bodies) {
                link.outbox().append(b);
            }
            var ack = link.client().sendReports(credentials, link.outbox().pending(100));
            link.outbox().markSent(ack.highestApplied());
            assertThat(ack.rejected()).isEmpty();
        }
    }

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        hub = Node.start(new NodeConfig(Settings.of(Map.of(
                "node.data-dir", dir.resolve("hub").toString(),
                "node.tenant", "commission",
                "node.role", "hub",
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.enabled", "false"))), BOOTSTRAP);
        for (String h : List.of("h1", "h2")) {
            HttpResponse<String> r = call("POST", "/api/v1/tenants", BOOTSTRAP,
                    Map.of("id", h, "name", "Hospital " + h, "parent", "commission"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        user("operator-1", "h1", "hub_operator");
        user("admin-1", "h1", "admin");
        user("admin-2", "h2", "admin");
        alpha = member("alpha", code("admin-1", "h1", "Alpha Hospital"));
        beta = member("beta", code("admin-2", "h2", "Beta Hospital"));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void hubStartsWithAStoredMasterKeyAndReportsItsMembersInHealth() throws Exception {
        Path key = dir.resolve("hub").resolve(HubRole.KEY_FILE);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode federation = get("/health", null).get("components").get("federation");
        assertThat(federation.get("role").asText()).isEqualTo("hub");
        assertThat(federation.get("memberNodes").asInt()).isEqualTo(2);
        assertThat(federation.get("silentNodes").asInt()).isBetween(0, 2);
    }

    @Test
    void warningGoesThroughItsLifecycleAndTheRegionShowsReports() throws Exception {
        Instant now = Instant.now();
        alpha.report(new ReportBody.Heartbeat(ReportBody.Health.OK, "0.1.0", "all stages running"),
                new ReportBody.IncidentOpened("inc-7", "PACS share encryption burst", "critical", now),
                new ReportBody.IncidentOpened("inc-8", "VPN brute force", "medium", now),
                new ReportBody.IncidentClosed("inc-8", now, "true positive", true));
        JsonNode region = get("/api/v1/hub/region", token("operator-1"));
        assertThat(region.get("nodes")).extracting(n -> n.get("name").asText()).containsExactly("Alpha Hospital");
        assertThat(region.get("nodes").get(0).get("health").asText()).isEqualTo("OK");
        assertThat(region.get("openIncidents")).extracting(n -> n.get("incidentRef").asText())
                .containsExactly("inc-7");
        assertThat(region.get("sla").get("tenants").get(0).get("tenant").asText()).isEqualTo("h1");
        assertThat(region.get("sla").get("compliance").asDouble()).isEqualTo(1.0);

        // no targets: every member node the operator may see, which is Alpha only
        HttpResponse<String> sent = call("POST", "/api/v1/hub/warnings", token("operator-1"), Map.of(
                "title", "Ransomware campaign against PACS", "description", "Patch and isolate imaging shares",
                "severity", "critical", "requiredActions", List.of("patch CVE-2026-1234", "block 198.51.100.9"),
                "deadline", now.plus(Duration.ofHours(4)).toString()));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(sent.body());
        long id = body.get("directiveId").asLong();
        assertThat(body.get("deliveries")).singleElement().satisfies(d -> {
            assertThat(d.get("node").asText()).isEqualTo(alpha.credentials().nodeId().value());
            assertThat(d.get("state").asText()).isEqualTo("SENT");
        });
        assertThat(beta.fetch()).noneMatch(d -> d.id() == id);

        Directive directive = alpha.fetch().stream().filter(d -> d.id() == id).findFirst().orElseThrow();
        assertThat(((DirectiveBody.Warning) directive.body()).requiredActions()).hasSize(2);
        assertThat(state(id)).isEqualTo("RECEIVED");
        alpha.report(new ReportBody.WarningAck(id, "duty-analyst"));
        assertThat(state(id)).isEqualTo("ACKNOWLEDGED");
        HttpResponse<String> early = call("POST", "/api/v1/hub/warnings/" + id + "/nodes/"
                + alpha.credentials().nodeId() + "/verify", token("operator-1"), Map.of());
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
        alpha.report(new ReportBody.WarningDisposed(id, "duty-analyst", "patched; firewall rule 4711"));
        HttpResponse<String> verified = call("POST", "/api/v1/hub/warnings/" + id + "/nodes/"
                + alpha.credentials().nodeId() + "/verify", token("operator-1"), Map.of());
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(JSON.readTree(verified.body()).get("verifiedBy").asText()).isEqualTo("operator-1");
        assertThat(get("/api/v1/hub/warnings?state=VERIFIED", token("operator-1")).get("warnings"))
                .extracting(w -> w.get("directiveId").asLong()).contains(id);
        assertThat(get("/api/v1/hub/warnings?state=SENT", token("operator-1")).get("warnings"))
                .extracting(w -> w.get("directiveId").asLong()).doesNotContain(id);
    }

    @Test
    void traceIsAnsweredByTheNodeAndCollectedAtTheHub() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> started = call("POST", "/api/v1/hub/traces", token("admin-1"), Map.of(
                "indicator", "198.51.100.9", "from", now.minus(Duration.ofDays(1)).toString(), "to", now.toString()));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode trace = JSON.readTree(started.body());
        long id = trace.get("id").asLong();
        assertThat(trace.get("nodes")).singleElement().satisfies(n ->
                assertThat(n.get("status").asText()).isEqualTo("PENDING"));

        DirectiveBody.TraceQuery query = alpha.fetch().stream().map(Directive::body)
                .filter(b -> b instanceof DirectiveBody.TraceQuery q && q.traceId() == id)
                .map(DirectiveBody.TraceQuery.class::cast).findFirst().orElseThrow();
        assertThat(query.indicator()).isEqualTo("198.51.100.9");
        alpha.report(new ReportBody.TraceResult(id, 3, now.minusSeconds(600), now.minusSeconds(60), null));

        JsonNode answered = get("/api/v1/hub/traces/" + id, token("admin-1"));
        assertThat(answered.get("nodes").get(0).get("status").asText()).isEqualTo("ANSWERED");
        assertThat(answered.get("nodes").get(0).get("count").asLong()).isEqualTo(3);
        assertThat(get("/api/v1/hub/traces", token("admin-1")).get("traces"))
                .extracting(t -> t.get("id").asLong()).contains(id);
    }

    @Test
    void directivesReachOnlyTheTargetedNodes() throws Exception {
        byte[] pack = resource("/hub/regional-rule.yml");
        HttpResponse<String> rules = send("POST", "/api/v1/hub/rule-packs?name=regional&version=2026.11&node="
                + beta.credentials().nodeId(), token("admin-2"), "application/yaml", pack);
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(201);
        assertThat(JSON.readTree(rules.body()).get("nodes")).extracting(JsonNode::asText)
                .containsExactly(beta.credentials().nodeId().value());
        HttpResponse<String> set = call("POST", "/api/v1/hub/indicator-sets", token("admin-2"), Map.of(
                "name", "ransomware-c2", "indicators", List.of(Map.of("kind", "ip", "value", "203.0.113.66")),
                "tenants", List.of("h2"), "tlp", "green", "distribution", "COMMUNITY", "confidence", 70));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
        HttpResponse<String> policy = call("POST", "/api/v1/hub/policies", token("admin-2"), Map.of(
                "name", "retention-baseline", "settings", Map.of("store.retention.events", "180d")));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);

        List<DirectiveBody> received = beta.fetch().stream().map(Directive::body).toList();
        assertThat(received).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(DirectiveBody.RulePack.class,
                p -> assertThat(p.content()).isEqualTo(pack)));
        assertThat(received).anySatisfy(b -> assertThat(b).isEqualTo(new DirectiveBody.IndicatorSet("ransomware-c2",
                List.of(new DirectiveBody.Indicator("ip", "203.0.113.66")), "GREEN", "COMMUNITY", 70)));
        assertThat(received).contains(new DirectiveBody.Policy("retention-baseline",
                Map.of("store.retention.events", "180d")));
        assertThat(alpha.fetch()).noneMatch(d -> d.body() instanceof DirectiveBody.RulePack
                || d.body() instanceof DirectiveBody.Policy);
    }

    @Test
    void aUserOfOneHospitalNeverSeesAnotherHospitalsNodesWarningsOrTraces() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> w = call("POST", "/api/v1/hub/warnings", token("admin-1"), Map.of("title", "h1 only",
                "description", "d", "severity", "low", "requiredActions", List.of(), "deadline",
                now.plus(Duration.ofDays(1)).toString()));
        assertThat(w.statusCode()).as(w.body()).isEqualTo(201);
        long warning = JSON.readTree(w.body()).get("directiveId").asLong();
        HttpResponse<String> t = call("POST", "/api/v1/hub/traces", token("admin-1"), Map.of("indicator",
                "evil.example", "from", now.minusSeconds(60).toString(), "to", now.toString()));
        long trace = JSON.readTree(t.body()).get("id").asLong();
        String alphaId = alpha.credentials().nodeId().value();

        String other = token("admin-2");
        assertThat(call("GET", "/api/v1/hub/warnings/" + warning, other, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/hub/traces/" + trace, other, null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/hub/nodes/" + alphaId + "/revoke", other, Map.of("reason", "x"))
                .statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/hub/warnings/" + warning + "/nodes/" + alphaId + "/verify", other, Map.of())
                .statusCode()).isEqualTo(404);
        HttpResponse<String> foreignTarget = call("POST", "/api/v1/hub/traces", other, Map.of("indicator", "x",
                "from", now.minusSeconds(60).toString(), "to", now.toString(), "nodes", List.of(alphaId)));
        assertThat(foreignTarget.statusCode()).isEqualTo(400);
        assertThat(foreignTarget.body()).contains("unknown node");
        JsonNode region = get("/api/v1/hub/region", other);
        assertThat(region.get("nodes")).extracting(n -> n.get("tenant").asText()).containsOnly("h2");
        assertThat(region.get("openIncidents")).extracting(n -> n.get("tenant").asText()).doesNotContain("h1");
        assertThat(get("/api/v1/hub/nodes", other).get("nodes")).extracting(n -> n.get("node").asText())
                .doesNotContain(alphaId);
        assertThat(get("/api/v1/hub/warnings", other).get("warnings")).extracting(x -> x.get("tenant").asText())
                .doesNotContain("h1");
        assertThat(get("/api/v1/hub/traces", other).get("traces")).extracting(x -> x.get("id").asLong())
                .doesNotContain(trace);
        // a hub operator reads but does not manage members
        assertThat(call("POST", "/api/v1/hub/enrolment-codes", token("operator-1"), Map.of("tenant", "h1",
                "nodeName", "x")).statusCode()).isEqualTo(403);
    }

    @Test
    void badRequestsArePreciseProblems() throws Exception {
        String admin = token("admin-1");
        String future = Instant.now().plus(Duration.ofHours(1)).toString();
        assertProblem(call("POST", "/api/v1/hub/enrolment-codes", admin, Map.of("tenant", "h9", "nodeName", "x")),
                400, "unknown tenant 'h9'");
        assertProblem(call("POST", "/api/v1/hub/enrolment-codes", admin, Map.of("tenant", "h1", "nodeName", "x",
                "validFor", "tomorrow")), 400, "ISO-8601 duration");
        assertProblem(call("POST", "/api/v1/hub/warnings", admin, Map.of("title", "t", "description", "d",
                "severity", "high", "requiredActions", List.of(), "deadline", "2020-01-01T00:00:00Z")), 400,
                "'deadline' is in the past");
        assertProblem(call("POST", "/api/v1/hub/warnings", admin, Map.of("title", "t", "description", "d",
                "severity", "apocalyptic", "requiredActions", List.of(), "deadline", future)), 400, "'severity'");
        assertProblem(call("POST", "/api/v1/hub/warnings", admin, Map.of("title", "t", "description", "d",
                "severity", "high", "requiredActions", List.of(), "deadline", future, "nodes",
                List.of("node-00000000000000000000"))), 400, "unknown node");
        assertProblem(call("POST", "/api/v1/hub/indicator-sets", admin, Map.of("name", "n", "indicators",
                List.of(Map.of("kind", "ip", "value", " ")))), 400, "indicators[0].value");
        assertProblem(call("POST", "/api/v1/hub/indicator-sets", admin, Map.of("name", "n", "indicators",
                List.of(Map.of("kind", "ip", "value", "203.0.113.9")), "tlp", "purple")), 400, "unknown TLP");
        assertProblem(call("POST", "/api/v1/hub/indicator-sets", admin, Map.of("name", "n", "indicators",
                List.of(Map.of("kind", "ip", "value", "203.0.113.9")), "confidence", 101)), 400, "outside 0..100");
        assertProblem(call("POST", "/api/v1/hub/traces", admin, Map.of("indicator", "", "from", future, "to",
                future)), 400, "'indicator'");
        assertProblem(call("POST", "/api/v1/hub/traces", admin, Map.of("indicator", "x", "from", future, "to",
                future, "colour", "red")), 400, "unknown property 'colour'");
        assertProblem(send("POST", "/api/v1/hub/rule-packs?name=broken&version=1", admin, "application/yaml",
                resource("/hub/broken-rule.yml")), 400, "was not sent");
        assertProblem(call("GET", "/api/v1/hub/traces/999999", admin, null), 404, "no trace 999999");
        assertThat(call("GET", "/api/v1/hub/nodes", null, null).statusCode()).isEqualTo(401);

        // the federation routes need no bearer token: they are signed, and an unsigned request is the hub's 401
        HttpResponse<String> unsigned = call("POST", "/federation/v1/reports", null, Map.of("reports", List.of()));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unsigned.body()).get("error").asText()).isEqualTo("UNAUTHENTICATED");
        HttpResponse<String> unknown = call("GET", "/federation/v1/nothing", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no federation route");
    }

    @Test
    void aPlainNodeIsNotAHub() throws Exception {
        try (Node plain = Node.start(new NodeConfig(Settings.of(Map.of(
                "node.data-dir", dir.resolve("plain").toString(),
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.enabled", "false"))), BOOTSTRAP)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(plain.baseUrl()
                    + "/api/v1/hub/nodes")).header("Authorization", "Bearer " + BOOTSTRAP).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertProblem(r, 404, "this node is not a hub; start it with --role hub");
            assertThat(Files.exists(dir.resolve("plain").resolve(HubRole.KEY_FILE))).isFalse();
        }
    }

    // ---------------------------------------------------------------- helpers

    private String state(long warning) throws Exception {
        return get("/api/v1/hub/warnings/" + warning, token("operator-1")).get("deliveries").get(0).get("state")
                .asText();
    }

    private void assertProblem(HttpResponse<String> r, int status, String detail) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).get("detail").asText()).contains(detail);
    }

    private Member member(String name, String code) {
        Database db = Database.open(DatabaseConfig.embedded(dir.resolve("member-" + name)));
        closing.add(db);
        FederationNode link = FederationNode.open(db, FederationConfig.fromSettings(Settings.of(Map.of(
                "federation.hub-url", hub.baseUrl()))), Clock.systemUTC(), null);
        closing.add(link);
        return new Member(link, link.enrol(code));
    }

    private String code(String user, String tenant, String nodeName) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/hub/enrolment-codes", token(user), Map.of("tenant", tenant,
                "nodeName", nodeName, "validFor", "PT1H"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(r.body());
        assertThat(c.get("tenant").asText()).isEqualTo(tenant);
        assertThat(Instant.parse(c.get("expiresAt").asText())).isAfter(Instant.now());
        return c.get("code").asText();
    }

    private void user(String name, String tenant, String role) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/users", BOOTSTRAP, Map.of("username", name,
                "displayName", name, "homeTenant", tenant, "password", PASSWORD, "roles", List.of(role)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        HttpResponse<String> login = call("POST", "/api/v1/auth/login", null, Map.of("username", name,
                "password", PASSWORD));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        tokens.put(name, JSON.readTree(login.body()).get("token").asText());
    }

    private String token(String user) {
        return tokens.get(user);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HubResourceTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = call("GET", path, token, null);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> call(String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        return send(method, path, token, "application/json", body == null ? null : JSON.writeValueAsBytes(body));
    }

    private HttpResponse<String> send(String method, String path, String token, String type, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", type);
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
