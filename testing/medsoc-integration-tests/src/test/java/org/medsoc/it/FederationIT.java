package org.medsoc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medsoc.federation.DirectivePage;
import org.medsoc.federation.HubClient;
import org.medsoc.federation.NodeCredentials;
import org.medsoc.federation.NodeId;
import org.medsoc.federation.Report;
import org.medsoc.federation.ReportType;
import org.medsoc.spi.error.MedsocException;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hub and two hospital nodes, each its own JVM on loopback, the nodes reaching the hub through a {@link
 * LinkProxy} that stands for the wide-area link: a warning travels down and is disposed of, incidents travel up, a
 * trace finds the indicator at the right hospital only; then the hub is killed and restarted, the link cuts requests
 * half-way, and a node restarts — afterwards every incident is at the hub exactly once.
 */
class FederationIT {
    @TempDir
    Path dir;

    @Test
    void hubWarnsNodesDisposeNodesReportHubTraces() throws Exception {
        int hubHttp = NodeProcess.freePort();
        Path hubData = dir.resolve("hub");
        NodeProcess firstHub = NodeProcess.start(hubData, hubHttp, NodeProcess.freePort(), "start", "--role", "hub");
        NodeProcess hub = firstHub;
        try (LinkProxy link = new LinkProxy(hubHttp)) {
            for (String tenant : List.of("h1", "h2")) {
                post(hub, "/api/v1/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Hospital " + tenant + "\",\"parent\":\"default\"}", 201);
            }
            String codeA = post(hub, "/api/v1/hub/enrolment-codes", "{\"tenant\":\"h1\",\"nodeName\":\"hospital-a\"}",
                    201).get("code").asText();
            String codeB = post(hub, "/api/v1/hub/enrolment-codes", "{\"tenant\":\"h2\",\"nodeName\":\"hospital-b\"}",
                    201).get("code").asText();
            Path dataA = dir.resolve("node-a");
            Path dataB = dir.resolve("node-b");
            int httpA = NodeProcess.freePort();
            int syslogA = NodeProcess.freePort();
            NodeProcess a = startNode(dataA, httpA, syslogA, link.port(), codeA);
            try (NodeProcess b = startNode(dataB, NodeProcess.freePort(), NodeProcess.freePort(), link.port(), codeB)) {
                String nodeA = awaitEnrolled(a);
                String nodeB = awaitEnrolled(b);
                hub.await(Duration.ofSeconds(60), () -> nodes(firstHub).containsAll(Set.of(nodeA, nodeB)),
                        "both nodes to be members of the hub");

                // up: an attack at hospital A becomes an incident there, and the hub sees it (and not at B)
                attack(a, "PACS-SRV-50");
                long incidentA = awaitIncident(a, "PACS-SRV-50");
                hub.await(Duration.ofSeconds(60), () -> regionIncidentRefs(firstHub, nodeA).contains(
                        Long.toString(incidentA)), "hospital A's incident " + incidentA + " at the hub");
                assertThat(regionIncidentRefs(hub, nodeB)).isEmpty();

                // down: a warning for hospital A only becomes an incident there; resolving it disposes of it
                Instant deadline = Instant.now().plus(Duration.ofHours(8));
                JsonNode issued = post(hub, "/api/v1/hub/warnings", "{\"title\":\"Ransomware campaign against PACS"
                        + "\",\"description\":\"Block 198.51.100.23 and check imaging shares\",\"severity\":\"high\","
                        + "\"requiredActions\":[\"block 198.51.100.23\",\"report affected hosts\"],\"deadline\":\""
                        + deadline + "\",\"nodes\":[\"" + nodeA + "\"]}", 201);
                long directive = issued.get("directiveId").asLong();
                assertThat(issued.get("deliveries")).hasSize(1);
                JsonNode warningAtA = a.awaitJson(Duration.ofSeconds(60), "/api/v1/federation/warnings",
                        w -> w.size() > 0 && w.get(0).path("incidentId").canConvertToLong(),
                        "the warning to arrive at hospital A as an incident").get(0);
                assertThat(warningAtA.get("directiveId").asLong()).isEqualTo(directive);
                long warningIncident = warningAtA.get("incidentId").asLong();
                assertThat(b.getJson("/api/v1/federation/warnings")).isEmpty();
                hub.await(Duration.ofSeconds(60), () -> "RECEIVED".equals(warningState(firstHub, directive, nodeA))
                        || "ACKNOWLEDGED".equals(warningState(firstHub, directive, nodeA)), "the hub to see it received");
                long version = a.getJson("/api/v1/incidents/" + warningIncident).get("version").asLong();
                version = post(a, "/api/v1/incidents/" + warningIncident + "/transitions",
                        "{\"transition\":\"acknowledge\",\"version\":" + version + "}", 200).get("version").asLong();
                post(a, "/api/v1/incidents/" + warningIncident + "/transitions", "{\"transition\":\"resolve\","
                        + "\"version\":" + version + ",\"resolution\":\"TRUE_POSITIVE\",\"summary\":"
                        + "\"198.51.100.23 blocked on the border firewall; no imaging host contacted it\"}", 200);
                hub.await(Duration.ofSeconds(60), () -> "DISPOSED".equals(warningState(firstHub, directive, nodeA)),
                        "the hub to see the warning disposed of");
                JsonNode disposed = delivery(hub, directive, nodeA);
                assertThat(disposed.toString()).contains("198.51.100.23 blocked on the border firewall");
                JsonNode verified = post(hub, "/api/v1/hub/warnings/" + directive + "/nodes/" + nodeA + "/verify",
                        "{}", 200);
                assertThat(verified.get("state").asText()).isEqualTo("VERIFIED");

                // trace: an address seen only at hospital B is found there and nowhere else
                sighting(b, "192.0.2.77", 3);
                b.await(Duration.ofSeconds(30), () -> count(b, "\"192.0.2.77\"") >= 3, "B's events to be searchable");
                JsonNode trace = post(hub, "/api/v1/hub/traces", "{\"indicator\":\"192.0.2.77\",\"from\":\""
                        + Instant.now().minus(Duration.ofDays(1)) + "\",\"to\":\""
                        + Instant.now().plus(Duration.ofHours(1)) + "\"}", 202);
                long traceId = trace.get("id").asLong();
                JsonNode answered = hub.awaitJson(Duration.ofSeconds(90), "/api/v1/hub/traces/" + traceId,
                        t -> allAnswered(t, 2), "both nodes to answer the trace");
                for (JsonNode r : answered.get("nodes")) {
                    long hits = r.get("count").asLong();
                    if (r.get("node").asText().equals(nodeB)) {
                        assertThat(hits).as("hits at hospital B").isGreaterThanOrEqualTo(3);
                        assertThat(r.get("firstSeen").asText()).isNotBlank();
                    } else {
                        assertThat(hits).as("hits at hospital A").isZero();
                    }
                }

                // credentials: a third member of h1 enrolled in this JVM sees only its own directives, and its
                // secret does not open hospital B's directive stream or report channel
                String codeC = post(hub, "/api/v1/hub/enrolment-codes",
                        "{\"tenant\":\"h1\",\"nodeName\":\"hospital-c\"}", 201).get("code").asText();
                HubClient client = HubClient.builder(URI.create(hub.base())).build();
                NodeCredentials c = client.enrol(codeC, 1);
                DirectivePage own = client.fetchDirectives(c, 0, 100);
                assertThat(own.directives()).as("directives of a fresh member").noneMatch(
                        d -> d.id() == directive);
                NodeCredentials forged = new NodeCredentials(new NodeId(nodeB), c.tenant(), c.secret());
                assertThatThrownBy(() -> client.fetchDirectives(forged, 0, 100))
                        .as("C's secret presented as B").isInstanceOf(MedsocException.class)
                        .satisfies(e -> assertThat(((MedsocException) e).errorCode().name()).isEqualTo(
                                "UNAUTHENTICATED"));
                assertThatThrownBy(() -> client.sendReports(forged, List.of(new Report(1, ReportType.HEARTBEAT,
                        Instant.now(), "{\"health\":\"OK\",\"version\":\"forged\",\"detail\":\"as B\"}"))))
                        .isInstanceOf(MedsocException.class)
                        .satisfies(e -> assertThat(((MedsocException) e).errorCode().name()).isEqualTo(
                                "UNAUTHENTICATED"));

                // faults: the hub dies while A keeps opening incidents; the link cuts requests half-way; A restarts
                hub.kill();
                for (int i = 0; i < 4; i++) {
                    attack(a, "PACS-SRV-" + (60 + i));
                }
                awaitIncidentCount(a, 6);
                hub = NodeProcess.start(hubData, hubHttp, NodeProcess.freePort(), "start", "--role", "hub");
                link.cutAfter(700);
                for (int i = 0; i < 3; i++) {
                    attack(a, "PACS-SRV-" + (70 + i));
                }
                awaitIncidentCount(a, 9);
                NodeProcess.awaitTrue(Duration.ofSeconds(60), () -> link.cuts() >= 3,
                        "the link to cut at least three requests half-way");
                link.cutAfter(-1);
                a.close();
                a = NodeProcess.start(dataA, httpA, syslogA, "start", "--config", config(dataA).toString());
                attack(a, "PACS-SRV-80");
                awaitIncidentCount(a, 10);
                // the warning's incident is resolved: the region view lists open incidents only
                Set<String> atNode = new HashSet<>(incidentIds(a));
                assertThat(atNode.remove(Long.toString(warningIncident))).isTrue();
                NodeProcess hubNow = hub;
                try {
                    hub.await(Duration.ofSeconds(120), () -> regionIncidentRefs(hubNow, nodeA).containsAll(atNode),
                            "every incident of hospital A at the hub after the faults");
                } catch (AssertionError e) {
                    throw new AssertionError("hospital A's incidents " + atNode + ", at the hub "
                            + regionIncidentRefs(hub, nodeA) + "; A's link: " + a.getJson("/api/v1/federation")
                            + "\n--- A's output ---\n" + tail(a.output()) + "\n" + e.getMessage(), e);
                }
                List<String> refs = regionIncidentRefs(hub, nodeA);
                assertThat(refs).as("each incident of hospital A exactly once at the hub")
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(atNode);
            } finally {
                a.close();
            }
        } finally {
            hub.close();
        }
    }

    private NodeProcess startNode(Path data, int http, int syslog, int hubPort, String code) throws Exception {
        Files.createDirectories(data);
        Path config = config(data);
        Files.writeString(config, String.join("\n",
                "federation.hub-url=http://127.0.0.1:" + hubPort,
                "federation.enrolment-code=" + code,
                "federation.link.interval=1s",
                "federation.link.retry-initial=200ms",
                "federation.link.retry-max=2s",
                "federation.heartbeat.interval=2s",
                "federation.outbox.batch-size=2",
                ""), StandardCharsets.UTF_8);
        return NodeProcess.start(data, http, syslog, "start", "--config", config.toString());
    }

    private static Path config(Path data) {
        return data.resolve("medsoc.properties");
    }

    /** Shadow copies deleted on {@code host}: the built-in rule raises an alert, grouped per host into an incident. */
    private static void attack(NodeProcess node, String host) throws Exception {
        String event = "{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_id\":1,"
                + "\"computer_name\":\"" + host + "\",\"event_data\":{\"Image\":"
                + "\"C:\\\\Windows\\\\System32\\\\vssadmin.exe\",\"CommandLine\":"
                + "\"vssadmin.exe delete shadows /all /quiet\"}}}";
        var response = node.ingest(event + "\n");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Firewall lines naming {@code address}, {@code n} of them. */
    private static void sighting(NodeProcess node, String address, int n) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            body.append("{\"message\":\"deny tcp from ").append(address).append(" to 10.1.2.3 port 445 try ")
                    .append(i).append("\",\"source\":{\"ip\":\"").append(address).append("\"}}\n");
        }
        var response = node.ingest(body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static long awaitIncident(NodeProcess node, String host) throws Exception {
        JsonNode list = node.awaitJson(Duration.ofSeconds(60), "/api/v1/incidents?limit=100",
                l -> l.toString().contains(host), "an incident about " + host);
        for (JsonNode i : list.path("incidents")) {
            if (i.toString().contains(host)) {
                return i.get("id").asLong();
            }
        }
        throw new AssertionError("no incident about " + host + " in " + list);
    }

    private static void awaitIncidentCount(NodeProcess node, int n) throws Exception {
        node.await(Duration.ofSeconds(60), () -> {
            try {
                return incidentIds(node).size() >= n;
            } catch (Exception e) {
                return false;
            }
        }, n + " incidents");
    }

    private static Set<String> incidentIds(NodeProcess node) throws Exception {
        Set<String> ids = new HashSet<>();
        for (JsonNode i : node.getJson("/api/v1/incidents?limit=500").path("incidents")) {
            ids.add(i.get("id").asText());
        }
        return ids;
    }

    private static String awaitEnrolled(NodeProcess node) throws Exception {
        return node.awaitJson(Duration.ofSeconds(60), "/api/v1/federation", f -> f.path("enrolled").asBoolean(),
                "the node to enrol").get("nodeId").asText();
    }

    private static Set<String> nodes(NodeProcess hub) {
        Set<String> ids = new HashSet<>();
        try {
            for (JsonNode n : hub.getJson("/api/v1/hub/nodes").path("nodes")) {
                ids.add(n.get("node").asText());
            }
        } catch (Exception e) {
            // not yet
        }
        return ids;
    }

    private static List<String> regionIncidentRefs(NodeProcess hub, String node) {
        List<String> refs = new ArrayList<>();
        try {
            for (JsonNode i : hub.getJson("/api/v1/hub/region").path("openIncidents")) {
                if (i.get("node").asText().equals(node)) {
                    refs.add(i.get("incidentRef").asText());
                }
            }
        } catch (Exception e) {
            // the hub is restarting
        }
        return refs;
    }

    private static JsonNode delivery(NodeProcess hub, long directive, String node) throws Exception {
        for (JsonNode d : hub.getJson("/api/v1/hub/warnings/" + directive).path("deliveries")) {
            if (d.get("node").asText().equals(node)) {
                return d;
            }
        }
        throw new AssertionError("no delivery of warning " + directive + " to " + node);
    }

    private static String warningState(NodeProcess hub, long directive, String node) {
        try {
            return delivery(hub, directive, node).get("state").asText();
        } catch (Exception | AssertionError e) {
            return "";
        }
    }

    private static boolean allAnswered(JsonNode trace, int nodes) {
        JsonNode results = trace.path("nodes");
        if (results.size() < nodes) {
            return false;
        }
        for (JsonNode r : results) {
            if (!"ANSWERED".equals(r.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    private static long count(NodeProcess node, String query) {
        try {
            return node.count(query);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 6000));
    }

    private static JsonNode post(NodeProcess node, String path, String json, int expected) throws Exception {
        var r = node.post(path, json);
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? new ObjectNode(NodeProcess.JSON.getNodeFactory()) : NodeProcess.JSON.readTree(r.body());
    }
}
