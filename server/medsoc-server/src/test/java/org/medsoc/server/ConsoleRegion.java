package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The region the console's hub view is tested against: a real node started with {@code node.role=hub} and two
 * member hospitals whose nodes are the core's federation link driven by the test. The members report heartbeats,
 * incidents, posture, risk and shared indicators; a background loop plays their duty analysts: it acknowledges and
 * then disposes every warning the hub sends, and answers trace queries after a delay (so that the console shows the
 * trace's progress while the answers arrive).
 */
final class ConsoleRegion implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final Node hub;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Thread duty;
    private volatile boolean stopping;

    /** A member hospital's node: its own database and federation link, driven by hand. */
    private record Member(String name, FederationNode link, NodeCredentials credentials, Set<Long> handled,
            Duration traceDelay, long traceHits) {
        List<Directive> fetch() {
            return link.client().fetchDirectives(credentials, 0, 1000).directives();
        }

        void report(ReportBody... bodies) {
            for (ReportBody b : bodies) {
                link.outbox().append(b);
            }
            var ack = link.client().sendReports(credentials, link.outbox().pending(100));
            link.outbox().markSent(ack.highestApplied());
            assertThat(ack.rejected()).as(name + " reports").isEmpty();
        }
    }

    ConsoleRegion(Path dir, String bootstrap) throws Exception {
        this.bootstrap = bootstrap;
        hub = Node.start(new NodeConfig(Settings.of(Map.of(
                "node.data-dir", dir.resolve("hub").toString(),
                "node.tenant", "commission",
                "node.role", "hub",
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.enabled", "false"))), bootstrap);
        closing.add(hub);
        Instant now = Instant.now();
        for (String t : List.of("hospital-a", "hospital-b")) {
            expect(call("POST", "/api/v1/tenants", Map.of("id", t, "name", "Hospital " + t, "parent", "commission")), 201);
        }
        Member a = member(dir, "Hospital A (PACS campus)", "hospital-a", Duration.ofMillis(1500), 3);
        Member b = member(dir, "Hospital B (county)", "hospital-b", Duration.ofMillis(3500), 0);
        a.report(new ReportBody.Heartbeat(ReportBody.Health.OK, "0.1.0", "all stages running"),
                new ReportBody.IncidentOpened("inc-1", "Shadow Copies Deleted With Vssadmin on PACS-SRV-01", "critical",
                        now.minusSeconds(1800)),
                new ReportBody.IncidentOpened("inc-2", "VPN brute force from 203.0.113.7", "medium", now.minusSeconds(600)),
                new ReportBody.Posture(412, 38, 57, 4, 2),
                new ReportBody.RiskSummary(78, "ransomware precursor on PACS",
                        List.of(new ReportBody.ThreatCount("Ransomware precursor", 5),
                                new ReportBody.ThreatCount("VPN brute force", 31))),
                new ReportBody.SharedIndicators(List.of(
                        new ReportBody.IndicatorSighting("ipv4", "203.0.113.7", 31, now.minusSeconds(3600), now),
                        new ReportBody.IndicatorSighting("domain", "update-pacs.example", 4, now.minusSeconds(3600), now))));
        b.report(new ReportBody.Heartbeat(ReportBody.Health.DEGRADED, "0.1.0", "store lags by 40 s"),
                new ReportBody.IncidentOpened("inc-9", "Phishing mail with HIS login lure", "high", now.minusSeconds(300)),
                new ReportBody.Posture(198, 12, 23, 1, 0),
                new ReportBody.RiskSummary(41, "phishing wave",
                        List.of(new ReportBody.ThreatCount("Phishing", 12), new ReportBody.ThreatCount("VPN brute force", 9))),
                new ReportBody.SharedIndicators(List.of(
                        new ReportBody.IndicatorSighting("ipv4", "203.0.113.7", 9, now.minusSeconds(3600), now))));
        // a warning due in two seconds, which the members only acknowledge: it runs overdue
        expect(call("POST", "/api/v1/hub/warnings", Map.of("title", "Block 203.0.113.7 at the border firewall",
                "description", "VPN brute force across the region", "severity", "high",
                "requiredActions", List.of("block 203.0.113.7"), "deadline", Instant.now().plusSeconds(3).toString())), 201);
        duty = Thread.ofVirtual().name("console-region-duty").start(this::dutyLoop);
    }

    private Member member(Path dir, String name, String tenant, Duration traceDelay, long traceHits) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/hub/enrolment-codes", Map.of("tenant", tenant, "nodeName", name));
        expect(r, 201);
        String code = JSON.readTree(r.body()).get("code").asText();
        Database db = Database.open(DatabaseConfig.embedded(dir.resolve("member-" + tenant)));
        closing.add(db);
        FederationNode link = FederationNode.open(db, FederationConfig.fromSettings(Settings.of(Map.of(
                "federation.hub-url", hub.baseUrl()))), Clock.systemUTC(), null);
        closing.add(link);
        Member m = new Member(name, link, link.enrol(code), new HashSet<>(), traceDelay, traceHits);
        members.add(m);
        return m;
    }

    /** The members' duty analysts: acknowledge, then dispose every warning; answer every trace after its delay. */
    private void dutyLoop() {
        while (!stopping) {
            for (Member m : members) {
                try {
                    for (Directive d : m.fetch()) {
                        if (m.handled().contains(d.id())) {
                            continue;
                        }
                        if (d.body() instanceof DirectiveBody.Warning w) {
                            m.report(new ReportBody.WarningAck(d.id(), "duty analyst of " + m.name()));
                            // a warning due within minutes stays acknowledged (and runs overdue); others are done
                            if (Duration.between(Instant.now(), w.deadline()).toMinutes() > 10) {
                                m.report(new ReportBody.WarningDisposed(d.id(), "duty analyst of " + m.name(),
                                        "done: " + String.join("; ", w.requiredActions())));
                            }
                            m.handled().add(d.id());
                        } else if (d.body() instanceof DirectiveBody.TraceQuery q) {
                            if (Duration.between(d.createdAt(), Instant.now()).compareTo(m.traceDelay()) >= 0) {
                                Instant seen = q.to().minusSeconds(600);
                                m.report(new ReportBody.TraceResult(q.traceId(), m.traceHits(),
                                        m.traceHits() > 0 ? seen.minusSeconds(3000) : null,
                                        m.traceHits() > 0 ? seen : null, null));
                                m.handled().add(d.id());
                            }
                        } else {
                            m.handled().add(d.id());
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    if (!stopping) {
                        System.out.println("console region: " + m.name() + " failed a duty round: " + e);
                    }
                }
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    String baseUrl() {
        return hub.baseUrl();
    }

    /** The hub administrator's generated password. */
    String adminPassword() throws Exception {
        return Files.readString(hub.config().dataDir().resolve("admin-password"), StandardCharsets.UTF_8).strip();
    }

    private HttpResponse<String> call(String method, String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + bootstrap).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(status);
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        duty.interrupt();
        duty.join(5_000);
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }
}
