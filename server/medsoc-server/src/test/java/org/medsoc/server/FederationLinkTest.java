package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.federation.DirectiveBody;
import org.medsoc.federation.FederationConfig;
import org.medsoc.federation.FederationHub;
import org.medsoc.federation.HubMasterKey;
import org.medsoc.federation.HubRequest;
import org.medsoc.federation.HubResponse;
import org.medsoc.federation.HubProtocol;
import org.medsoc.federation.Target;
import org.medsoc.federation.Trace;
import org.medsoc.federation.TraceNodeResult;
import org.medsoc.federation.TraceStatus;
import org.medsoc.federation.WarningDelivery;
import org.medsoc.federation.WarningState;
import org.medsoc.spi.event.TenantId;

/**
 * A real hospital node linked to a real hub (the federation core over the JDK's HTTP server, its own H2 database):
 * enrolment by setting and by API, incidents travelling up, warnings down and their acknowledgement and disposal up,
 * rule packs, indicator sets and traces applied at the node, sharing through the sharing filter, and a restart of
 * node and hub that loses and duplicates nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederationLinkTest {
    private static final String TOKEN = "federation-link-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId HOSPITAL = TenantId.of("hospital-a");

    private Path dir;

    private TestHub hub;
    private Node node;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        hub = new TestHub(dir.resolve("hub"));
        String code = hub.code(HOSPITAL, "hospital-a node");
        node = Node.start(new NodeConfig(settings(dir.resolve("node-a"), Map.of("federation.enrolment-code", code))),
                TOKEN);
        HttpResponse<String> playbook = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                        + "/api/v1/playbooks/note-hub-warning")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(resource("hub-warning-playbook.yml"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(playbook.statusCode()).as(playbook.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private Settings settings(Path data, Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node.data-dir", data.toString());
        m.put("node.tenant", HOSPITAL.value());
        m.put("http.bind", "127.0.0.1");
        m.put("http.port", "0");
        m.put("ingest.syslog.enabled", "false");
        m.put("ingest.pipeline.commit-interval", "200ms");
        m.put("store.lucene.refresh-interval", "100ms");
        m.put("federation.hub-url", hub.uri().toString());
        m.put("federation.link.interval", "200ms");
        m.put("federation.link.retry-initial", "100ms");
        m.put("federation.link.retry-max", "500ms");
        m.put("federation.heartbeat.interval", "500ms");
        m.put("federation.posture.interval", "1s");
        m.putAll(extra);
        return Settings.of(m);
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void enrolsWithTheConfiguredCodeAndReportsHeartbeatPostureAndRisk() throws Exception {
        JsonNode status = await("enrolled", () -> {
            JsonNode s = get(node, "/api/v1/federation");
            return s.get("enrolled").asBoolean() ? s : null;
        });
        assertThat(status.get("role").asText()).isEqualTo("node");
        assertThat(status.get("hubUrl").asText()).isEqualTo(hub.uri().toString());
        assertThat(status.get("tenant").asText()).isEqualTo(HOSPITAL.value());
        String nodeId = status.get("nodeId").asText();
        assertThat(hub.fed.registry().list()).anySatisfy(m -> assertThat(m.toString()).contains(nodeId));
        await("heartbeat, posture and risk at the hub", () -> hub.count("SELECT COUNT(*) FROM hub_node_status "
                + "WHERE node_id = '" + nodeId + "' AND heartbeat_at IS NOT NULL AND posture_at IS NOT NULL "
                + "AND risk_at IS NOT NULL AND health = 'OK' AND version = 'medsoc 0.1.0'") == 1 ? true : null);
        JsonNode health = get(node, "/health").get("components").get("federation");
        assertThat(health.get("enrolled").asBoolean()).isTrue();
        assertThat(health.has("outboxPending")).isTrue();
    }

    @Test
    void anIncidentOpenedByAnAttackTravelsUpAndCloses() throws Exception {
        awaitEnrolled(node);
        ingest(node, "attack-events.ndjson");
        JsonNode incident = await("incident", () -> {
            for (JsonNode i : get(node, "/api/v1/incidents").get("incidents")) {
                if (i.get("title").asText().contains("Vssadmin")) {
                    return i;
                }
            }
            return null;
        });
        String ref = incident.get("id").asText();
        String nodeId = get(node, "/api/v1/federation").get("nodeId").asText();
        Map<String, Object> reported = await("incident at the hub", () -> hub.row("SELECT title, severity, state "
                + "FROM hub_incident WHERE node_id = '" + nodeId + "' AND incident_ref = '" + ref + "'"));
        assertThat(reported).containsEntry("severity", "high").containsEntry("state", "OPEN");
        assertThat((String) reported.get("title")).contains("Vssadmin");

        // the alerting rule shows among the node's top threats in its next risk summary
        await("threat at the hub", () -> hub.count("SELECT COUNT(*) FROM hub_threat WHERE node_id = '" + nodeId
                + "' AND name LIKE '%Vssadmin%' AND hits >= 1") == 1 ? true : null);

        long version = incident.get("version").asLong();
        JsonNode acked = send(node, "POST", "/api/v1/incidents/" + ref + "/transitions",
                Map.of("transition", "acknowledge", "version", version), 200);
        await("triaging at the hub", () -> hub.count("SELECT COUNT(*) FROM hub_incident WHERE incident_ref = '"
                + ref + "' AND state = 'TRIAGING'") == 1 ? true : null);
        send(node, "POST", "/api/v1/incidents/" + ref + "/transitions", Map.of("transition", "resolve", "version",
                acked.get("version").asLong(), "resolution", "true_positive", "summary",
                "vssadmin run by the backup agent's compromised account; account disabled"), 200);
        await("closed at the hub", () -> hub.count("SELECT COUNT(*) FROM hub_incident WHERE incident_ref = '"
                + ref + "' AND state = 'CLOSED' AND closed_at IS NOT NULL AND sla_met = TRUE") == 1 ? true : null);
    }

    @Test
    void aWarningBecomesAnIncidentWhoseAcknowledgementAndDisposalReachTheHub() throws Exception {
        awaitEnrolled(node);
        Instant deadline = Instant.now().plus(Duration.ofHours(24)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long directive = hub.fed.directives().issue(new DirectiveBody.Warning(
                "LockBit affiliate targets PACS servers in the region",
                "Three hospitals saw RDP brute force followed by shadow-copy deletion on PACS servers.",
                "critical", List.of("Block RDP from the internet", "Check PACS servers for vssadmin runs"), deadline),
                Target.tenants(HOSPITAL), "regional-analyst").id();
        JsonNode warning = await("warning at the node", () -> {
            for (JsonNode w : get(node, "/api/v1/federation/warnings")) {
                if (w.get("directiveId").asLong() == directive) {
                    return w;
                }
            }
            return null;
        });
        assertThat(warning.get("severity").asText()).isEqualTo("critical");
        assertThat(Instant.parse(warning.get("deadline").asText())).isEqualTo(deadline);
        assertThat(warning.get("state").asText()).isEqualTo("NEW");
        long incidentId = warning.get("incidentId").asLong();
        JsonNode incident = get(node, "/api/v1/incidents/" + incidentId);
        assertThat(incident.get("title").asText()).contains("LockBit affiliate targets PACS servers");
        assertThat(incident.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(incident.get("ruleId").asText()).isEqualTo("hub.warning");
        assertThat(incident.get("description").asText()).contains("Block RDP from the internet")
                .contains("Check PACS servers for vssadmin runs").contains(deadline.toString());
        await("received at the hub", () -> state(directive) == WarningState.RECEIVED ? true : null);
        // the hub.warning playbook ran on it
        await("playbook note", () -> get(node, "/api/v1/incidents/" + incidentId + "/comments").toString()
                .contains("hub warning " + directive + " due " + deadline) ? true : null);

        // redelivery (the node's cursor rewound, as after a crash between handling and advancing) adds nothing
        DatabaseConfig nodeDb = DatabaseConfig.embedded(dir.resolve("node-a"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(nodeDb.url(), nodeDb.user(),
                nodeDb.password()); java.sql.Statement st = c.createStatement()) {
            // the node's own embedded database, shared within this process
            assertThat(st.executeUpdate("UPDATE node_cursor SET position = 0")).isEqualTo(1);
        }
        await("cursor advanced again", () -> get(node, "/api/v1/federation").get("directiveCursor").asLong() > 0
                ? true : null);
        long warningIncidents = get(node, "/api/v1/incidents?rule_id=hub.warning").get("total").asLong();
        assertThat(get(node, "/api/v1/federation/warnings").size()).isEqualTo((int) warningIncidents);

        long version = get(node, "/api/v1/incidents/" + incidentId).get("version").asLong();
        JsonNode acked = send(node, "POST", "/api/v1/incidents/" + incidentId + "/transitions",
                Map.of("transition", "acknowledge", "version", version), 200);
        await("acknowledged at the hub", () -> state(directive) == WarningState.ACKNOWLEDGED ? true : null);
        send(node, "POST", "/api/v1/incidents/" + incidentId + "/transitions", Map.of("transition", "resolve",
                "version", acked.get("version").asLong(), "resolution", "true_positive", "summary",
                "RDP closed at the perimeter firewall; no vssadmin runs on PACS-SRV-01..04"), 200);
        WarningDelivery disposed = await("disposed at the hub", () -> {
            WarningDelivery d = hub.fed.directives().warning(directive).getFirst();
            return d.state() == WarningState.DISPOSED ? d : null;
        });
        assertThat(disposed.evidence()).hasValueSatisfying(e -> assertThat(e)
                .contains("RDP closed at the perimeter firewall"));
        assertThat(get(node, "/api/v1/federation/warnings").get(0).get("state").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void anIncidentChangeAndItsReportCommitTogetherOrNotAtAll() throws Exception {
        awaitEnrolled(node);
        long directive = hub.fed.directives().issue(new DirectiveBody.Warning("Outbox atomicity drill",
                "A change and its report commit together.", "medium", List.of("Acknowledge"),
                Instant.now().plus(Duration.ofDays(1))), Target.tenants(HOSPITAL), "regional-analyst").id();
        long incidentId = await("warning at the node", () -> {
            for (JsonNode w : get(node, "/api/v1/federation/warnings")) {
                if (w.get("directiveId").asLong() == directive) {
                    return w.get("incidentId").asLong();
                }
            }
            return null;
        });
        JsonNode before = get(node, "/api/v1/incidents/" + incidentId);
        // the outbox cannot take the report: the change is refused and nothing of it remains
        nodeSql("ALTER TABLE node_outbox RENAME TO node_outbox_away");
        HttpResponse<String> refused;
        try {
            refused = call(node, "POST", "/api/v1/incidents/" + incidentId + "/transitions",
                    Map.of("transition", "acknowledge", "version", before.get("version").asLong()));
        } finally {
            nodeSql("ALTER TABLE node_outbox_away RENAME TO node_outbox");
        }
        assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(500);
        JsonNode unchanged = get(node, "/api/v1/incidents/" + incidentId);
        assertThat(unchanged.get("state").asText()).isEqualTo("NEW");
        assertThat(unchanged.get("version").asLong()).isEqualTo(before.get("version").asLong());
        assertThat(get(node, "/api/v1/incidents/" + incidentId + "/timeline").toString()).doesNotContain("TRIAGING");

        // with the outbox back, the change and its report (and the warning's acknowledgement) go together
        send(node, "POST", "/api/v1/incidents/" + incidentId + "/transitions",
                Map.of("transition", "acknowledge", "version", before.get("version").asLong()), 200);
        await("triaging at the hub", () -> hub.count("SELECT COUNT(*) FROM hub_incident WHERE incident_ref = '"
                + incidentId + "' AND state = 'TRIAGING'") == 1 ? true : null);
        await("acknowledged at the hub", () -> state(directive) == WarningState.ACKNOWLEDGED ? true : null);
    }

    @Test
    void twoWarningsWithinAMinuteOpenTwoIncidentsEachDisposedToItsOwnDirective() throws Exception {
        awaitEnrolled(node);
        Instant deadline = Instant.now().plus(Duration.ofHours(12));
        long first = hub.fed.directives().issue(new DirectiveBody.Warning("Twin warning one", "One.", "high",
                List.of("Patch VPN"), deadline), Target.tenants(HOSPITAL), "regional-analyst").id();
        long second = hub.fed.directives().issue(new DirectiveBody.Warning("Twin warning two", "Two.", "high",
                List.of("Reset passwords"), deadline), Target.tenants(HOSPITAL), "regional-analyst").id();
        Map<Long, Long> incidentOf = await("both warnings at the node", () -> {
            Map<Long, Long> m = new HashMap<>();
            for (JsonNode w : get(node, "/api/v1/federation/warnings")) {
                long id = w.get("directiveId").asLong();
                if (id == first || id == second) {
                    m.put(id, w.get("incidentId").asLong());
                }
            }
            return m.size() == 2 ? m : null;
        });
        assertThat(incidentOf.get(first)).isNotEqualTo(incidentOf.get(second));
        assertThat(get(node, "/api/v1/incidents/" + incidentOf.get(first)).get("title").asText())
                .contains("Twin warning one");
        assertThat(get(node, "/api/v1/incidents/" + incidentOf.get(second)).get("title").asText())
                .contains("Twin warning two");
        for (long directive : List.of(first, second)) {
            long incident = incidentOf.get(directive);
            long version = get(node, "/api/v1/incidents/" + incident).get("version").asLong();
            JsonNode acked = send(node, "POST", "/api/v1/incidents/" + incident + "/transitions",
                    Map.of("transition", "acknowledge", "version", version), 200);
            send(node, "POST", "/api/v1/incidents/" + incident + "/transitions", Map.of("transition", "resolve",
                    "version", acked.get("version").asLong(), "resolution", "true_positive", "summary",
                    "done for directive " + directive), 200);
        }
        for (long directive : List.of(first, second)) {
            WarningDelivery d = await("disposed at the hub", () -> {
                WarningDelivery w = hub.fed.directives().warning(directive).getFirst();
                return w.state() == WarningState.DISPOSED ? w : null;
            });
            assertThat(d.evidence()).hasValueSatisfying(e -> assertThat(e).contains("done for directive " + directive));
        }
    }

    private void nodeSql(String sql) throws Exception {
        DatabaseConfig nodeDb = DatabaseConfig.embedded(dir.resolve("node-a"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(nodeDb.url(), nodeDb.user(),
                nodeDb.password()); java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void rulePacksAndIndicatorSetsFromTheHubAreApplied() throws Exception {
        awaitEnrolled(node);
        assertThat(get(node, "/api/v1/federation").get("rulesWithUnresolvedPlaceholders").toString())
                .as("before the hub's policy the imaging-share rule has no values")
                .contains("7a5fde79-30db-42ad-b042-48cb47315971");
        hub.fed.directives().issue(new DirectiveBody.RulePack("his-export", "2026.11",
                resource("hub-rule-pack.yml")), Target.tenants(HOSPITAL), "regional-analyst");
        hub.fed.directives().issue(new DirectiveBody.RulePack("broken", "1", resource("broken-rule-pack.yml")),
                Target.tenants(HOSPITAL), "regional-analyst");
        hub.fed.directives().issue(new DirectiveBody.IndicatorSet("lockbit-c2", List.of(
                new DirectiveBody.Indicator("ip", "203.0.113.77"),
                new DirectiveBody.Indicator("domain", "lockbit-c2.example"),
                new DirectiveBody.Indicator("ip", "not-an-address")), "GREEN", "ALL", 80),
                Target.tenants(HOSPITAL), "regional-analyst");
        hub.fed.directives().issue(new DirectiveBody.Policy("retention-baseline",
                Map.of("retention.events", "90d", "retention.max-size", "2GB", "detect.placeholder.admins",
                        "root,administrator", "detect.placeholder.imaging_shares", "\\\\pacs-nas\\images*",
                        "ui.theme", "dark")), Target.tenants(HOSPITAL), "regional-analyst");

        JsonNode status = await("pack, set and policy recorded", () -> {
            JsonNode s = get(node, "/api/v1/federation");
            return s.get("rulePacks").size() >= 2 && s.get("indicatorSets").size() >= 1
                    && s.get("policies").size() >= 1 ? s : null;
        });
        assertThat(status.get("rulePacks").findValuesAsText("outcome")).contains("APPLIED", "REFUSED");
        for (JsonNode p : status.get("rulePacks")) {
            if (p.get("name").asText().equals("hub-broken")) {
                assertThat(p.get("outcome").asText()).isEqualTo("REFUSED");
                assertThat(p.get("detail").asText()).contains("not installed");
            } else {
                assertThat(p.get("name").asText()).isEqualTo("hub-his-export");
                assertThat(p.get("outcome").asText()).isEqualTo("APPLIED");
            }
        }
        assertThat(get(node, "/api/v1/rule-packs").get("packs").toString()).contains("hub-his-export")
                .doesNotContain("hub-broken");
        JsonNode policy = status.get("policies").get(0);
        assertThat(policy.get("settings").get("retention.events").asText()).isEqualTo("90d");
        // retention and placeholders apply live, anything else is not for this node
        assertThat(policy.get("states").get("retention.events").asText()).isEqualTo("applied");
        assertThat(policy.get("states").get("retention.max-size").asText()).isEqualTo("applied");
        assertThat(policy.get("states").get("detect.placeholder.admins").asText()).isEqualTo("applied");
        // the rule set was rebuilt: the imaging-share rule now has its values, the unused name is kept too
        String imagingRule = "7a5fde79-30db-42ad-b042-48cb47315971";
        JsonNode rebuilt = await("rule set rebuilt with the hub's placeholders", () -> {
            JsonNode s = get(node, "/api/v1/federation");
            return s.get("placeholders").has("imaging_shares") ? s : null;
        });
        assertThat(rebuilt.get("placeholders").get("imaging_shares").get(0).asText()).isEqualTo("\\\\pacs-nas\\images*");
        assertThat(rebuilt.get("placeholders").get("admins")).hasSize(2);
        assertThat(rebuilt.get("rulesWithUnresolvedPlaceholders").toString()).doesNotContain(imagingRule);
        assertThat(policy.get("states").get("ui.theme").asText()).isEqualTo("not applicable on this node");
        assertThat(status.get("retention").get("maxAge").asText()).isEqualTo(Duration.ofDays(90).toString());
        assertThat(status.get("retention").get("maxBytes").asLong()).isEqualTo(2L * 1024 * 1024 * 1024);
        JsonNode indicators = get(node, "/api/v1/intel/indicators?q=203.0.113.77");
        assertThat(indicators.get("total").asInt()).isEqualTo(1);
        // with the set's labels, from the source "hub"
        JsonNode indicator = indicators.get("indicators").get(0);
        assertThat(indicator.get("source").asText()).isEqualTo("hub");
        assertThat(indicator.get("tlp").asText()).isEqualTo("TLP:GREEN");
        assertThat(indicator.get("confidence").asInt()).isEqualTo(80);
        assertThat(get(node, "/api/v1/intel/bundles").toString()).contains("hub-lockbit-c2");

        // an event holding the indicator raises the intel alert
        post(node, "/api/v1/ingest", ("{\"message\":\"allowed https\",\"source\":{\"ip\":\"10.20.5.11\"},"
                + "\"destination\":{\"ip\":\"203.0.113.77\",\"port\":443}}\n").getBytes(StandardCharsets.UTF_8));
        await("intel incident", () -> {
            for (JsonNode i : get(node, "/api/v1/incidents").get("incidents")) {
                if (i.get("title").asText().contains("Threat-intelligence indicator observed")) {
                    return i;
                }
            }
            return null;
        });
    }

    @Test
    void aTraceIsAnsweredWithTheCountOfMatchingEvents() throws Exception {
        awaitEnrolled(node);
        ingest(node, "trace-events.ndjson");
        await("events stored", () -> get(node, "/api/v1/events?q=message:vendor").get("total").asLong() == 2
                ? true : null);
        Instant now = Instant.now();
        Trace trace = hub.fed.traces().start("198.51.100.23", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(1)), Target.tenants(HOSPITAL), "regional-analyst");
        TraceNodeResult result = await("trace answered", () -> {
            Trace t = hub.fed.traces().find(trace.id()).orElseThrow();
            return t.nodes().isEmpty() || t.nodes().getFirst().status() != TraceStatus.ANSWERED ? null
                    : t.nodes().getFirst();
        });
        assertThat(result.count()).isEqualTo(3);
        assertThat(result.firstSeen()).isPresent();
        assertThat(result.lastSeen()).isPresent();
        assertThat(result.error()).isEmpty();
    }

    @Test
    void sharingRefusesPrivateAddressesAndPersonalData() throws Exception {
        awaitEnrolled(node);
        JsonNode answer = send(node, "POST", "/api/v1/federation/share", Map.of(
                "indicators", List.of(
                        Map.of("kind", "ip", "value", "10.20.5.11"),
                        Map.of("kind", "email", "value", "zhang.wei@hospital-a.example.cn"),
                        Map.of("kind", "ip", "value", "203.0.113.99", "sightings", 4),
                        Map.of("kind", "url", "value", "https://evil.example/login?patient=123")),
                "distribution", "COMMUNITY", "tlp", "GREEN"), 200);
        assertThat(answer.get("shared").asInt()).isEqualTo(2);
        assertThat(answer.get("refused").findValuesAsText("value"))
                .containsExactlyInAnyOrder("10.20.5.11", "zhang.wei@hospital-a.example.cn");
        await("shared at the hub", () -> hub.count("SELECT COUNT(*) FROM hub_indicator WHERE val IN "
                + "('203.0.113.99', 'https://evil.example/login')") == 2 ? true : null);
        assertThat(hub.count("SELECT COUNT(*) FROM hub_indicator WHERE val LIKE '10.%' OR val LIKE '%@%'"))
                .isZero();
        HttpResponse<String> bad = call(node, "POST", "/api/v1/federation/share",
                Map.of("indicators", List.of(Map.of("kind", "ip"))));
        assertThat(bad.statusCode()).isEqualTo(400);

        // analysts read the link but neither share nor enrol
        send(node, "POST", "/api/v1/users", Map.of("username", "analyst-fed", "displayName", "Analyst",
                "homeTenant", HOSPITAL.value(), "password", "Correct-Horse-Battery-42", "roles", List.of("analyst")),
                201);
        String analyst = send(node, "POST", "/api/v1/auth/login", Map.of("username", "analyst-fed", "password",
                "Correct-Horse-Battery-42"), 200).get("token").asText();
        assertThat(callAs(analyst, "GET", "/api/v1/federation", null).statusCode()).isEqualTo(200);
        assertThat(callAs(analyst, "POST", "/api/v1/federation/share", Map.of("indicators",
                List.of(Map.of("kind", "ip", "value", "203.0.113.5")))).statusCode()).isEqualTo(403);
        assertThat(callAs(analyst, "POST", "/api/v1/federation/enrol", Map.of("code", "x")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void enrolsThroughTheApiAndARestartOfNodeAndHubLosesAndDuplicatesNothing(@TempDir Path other)
            throws Exception {
        Path data = other.resolve("node-b");
        Settings s = settings(data, Map.of("node.tenant", "hospital-b"));
        Node b = Node.start(new NodeConfig(s), TOKEN);
        String nodeId;
        try {
            JsonNode status = get(b, "/api/v1/federation");
            assertThat(status.get("enrolled").asBoolean()).isFalse();
            HttpResponse<String> wrong = call(b, "POST", "/api/v1/federation/enrol", Map.of("code", "not-a-code"));
            assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
            assertThat(get(b, "/api/v1/federation").get("lastError").asText()).contains("enrolment failed");
            JsonNode enrolled = send(b, "POST", "/api/v1/federation/enrol",
                    Map.of("code", hub.code(TenantId.of("hospital-b"), "hospital-b node")), 200);
            assertThat(enrolled.get("enrolled").asBoolean()).isTrue();
            nodeId = enrolled.get("nodeId").asText();
            long warningId = hub.fed.directives().issue(new DirectiveBody.Warning("Phishing wave", "Invoices",
                    "medium", List.of("Warn staff"), Instant.now().plus(Duration.ofDays(2))),
                    Target.nodes(new org.medsoc.federation.NodeId(nodeId)), "regional-analyst").id();
            await("warning handled", () -> get(b, "/api/v1/federation/warnings").size() == 1 ? true : null);
            await("outbox drained", () -> get(b, "/api/v1/federation").get("outboxPending").asLong() == 0
                    ? true : null);

            // the hub goes away; the node keeps working and queues its reports
            hub.stopServer();
            ingest(b, "attack-events.ndjson");
            await("incident at the node", () -> get(b, "/api/v1/incidents").get("total").asLong() > 0 ? true : null);
            await("incident queued", () -> get(b, "/api/v1/federation").get("outboxPending").asLong() > 0
                    ? true : null);
            assertThat(warningId).isPositive();
        } finally {
            b.close();
        }
        // both restart: the queued reports arrive once, the warning is not handled again
        hub.restart();
        Node again = Node.start(new NodeConfig(s), TOKEN);
        try {
            await("outbox drained after restart", () -> {
                JsonNode st = get(again, "/api/v1/federation");
                return st.get("enrolled").asBoolean() && st.get("outboxPending").asLong() == 0 ? st : null;
            });
            JsonNode st = get(again, "/api/v1/federation");
            assertThat(st.get("nodeId").asText()).isEqualTo(nodeId);
            assertThat(st.get("directiveCursor").asLong()).isPositive();
            assertThat(st.get("lastSentSequence").asLong()).isPositive();
            // every sequence the hub applied is stored exactly once (no gap, no duplicate) ...
            assertThat(hub.count("SELECT n.applied_sequence - (SELECT COUNT(*) FROM hub_report r WHERE r.node_id = "
                    + "n.node_id) FROM hub_node n WHERE n.node_id = '" + nodeId + "'")).isZero();
            // ... and each incident of the node was reported opened once, including the one queued while the hub
            // was down
            long incidents = get(again, "/api/v1/incidents").get("total").asLong();
            assertThat(incidents).isEqualTo(2);
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report WHERE node_id = '" + nodeId
                    + "' AND type = 'INCIDENT_OPENED'")).isEqualTo(incidents);
            await("incident at the hub", () -> hub.count("SELECT COUNT(*) FROM hub_incident WHERE node_id = '"
                    + nodeId + "' AND title LIKE '%Vssadmin%'") == 1 ? true : null);
            assertThat(get(again, "/api/v1/federation/warnings").size()).isEqualTo(1);
            assertThat(get(again, "/api/v1/incidents?rule_id=hub.warning").get("total").asLong()).isEqualTo(1);
        } finally {
            again.close();
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private WarningState state(long directive) {
        List<WarningDelivery> d = hub.fed.directives().warning(directive);
        return d.isEmpty() ? WarningState.SENT : d.getFirst().state();
    }

    private void awaitEnrolled(Node n) throws Exception {
        await("enrolled", () -> get(n, "/api/v1/federation").get("enrolled").asBoolean() ? true : null);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FederationLinkTest.class.getResourceAsStream("/federation/" + name)) {
            if (in == null) {
                throw new IOException("test resource federation/" + name + " is missing");
            }
            return in.readAllBytes();
        }
    }

    private void ingest(Node n, String resource) throws Exception {
        HttpResponse<String> r = post(n, "/api/v1/ingest", resource(resource));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> post(Node n, String path, byte[] ndjson) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(Node n, String method, String path, @Nullable Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN);
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> callAs(String token, String method, String path, @Nullable Object body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode send(Node n, String method, String path, @Nullable Object body, int status) throws Exception {
        HttpResponse<String> r = call(n, method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + " " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private JsonNode get(Node n, String path) throws Exception {
        return send(n, "GET", path, null, 200);
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

    /** A hub from the federation core: its own database and the protocol on the JDK's HTTP server (same port). */
    static final class TestHub implements AutoCloseable {
        private final Path data;
        private final HubMasterKey key = HubMasterKey.random();
        private final javax.net.ssl.@Nullable SSLContext tls;
        volatile Database db;
        volatile FederationHub fed;
        private int port;
        private @Nullable HttpServer server;

        TestHub(Path data) throws IOException {
            this(data, null);
        }

        /** A hub serving HTTPS with {@code tls} (HTTP when null). */
        TestHub(Path data, javax.net.ssl.@Nullable SSLContext tls) throws IOException {
            this.data = data;
            this.tls = tls;
            Files.createDirectories(data);
            db = Database.open(DatabaseConfig.embedded(data));
            fed = FederationHub.open(db, key, FederationConfig.defaults(), Clock.systemUTC());
            startServer();
        }

        /** Stops the server and the database and starts both again on the same files, key and port. */
        void restart() throws IOException {
            stopServer();
            db.close();
            db = Database.open(DatabaseConfig.embedded(data));
            fed = FederationHub.open(db, key, FederationConfig.defaults(), Clock.systemUTC());
            startServer();
        }

        String code(TenantId tenant, String name) {
            return fed.registry().issueCode(tenant, name, Duration.ofHours(1)).code();
        }

        void startServer() throws IOException {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            HttpServer s;
            if (tls != null) {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                s = https;
            } else {
                s = HttpServer.create(address, 0);
            }
            s.createContext(HubProtocol.BASE, this::exchange);
            s.start();
            port = s.getAddress().getPort();
            server = s;
        }

        void stopServer() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        URI uri() {
            return URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + port);
        }

        @Nullable Map<String, Object> row(String sql) {
            return db.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().findOne().orElse(null));
        }

        long count(String sql) {
            return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).findOne().orElse(0L));
        }

        private void exchange(HttpExchange x) throws IOException {
            try (x; InputStream in = x.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, String> headers = new HashMap<>();
                for (Map.Entry<String, List<String>> e : x.getRequestHeaders().entrySet()) {
                    if (!e.getValue().isEmpty()) {
                        headers.put(e.getKey(), e.getValue().getFirst());
                    }
                }
                URI u = x.getRequestURI();
                String target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
                HubResponse r = fed.protocol().handle(new HubRequest(x.getRequestMethod(), target, headers, body));
                x.getResponseHeaders().set("Content-Type", HubResponse.CONTENT_TYPE);
                x.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }

        @Override
        public void close() {
            stopServer();
            db.close();
        }
    }
}
