package org.medsoc.federation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

class EnrolmentAndSignatureTest {
    private static final TenantId H1 = TenantId.of("h1");
    private static final TenantId H2 = TenantId.of("h2");
    private static final String REPORTS = HubProtocol.BASE + "/reports";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void enrolsWithAOneTimeCodeAndSignsEveryRequest(Dialect dialect) {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture node = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            EnrolmentCode code = hub.registry.issueCode(H1, "City Hospital", Duration.ofHours(1));
            assertThat(code.code()).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
            assertThat(code.toString()).doesNotContain(code.code());
            NodeCredentials c = node.enrol(code.code().toLowerCase(java.util.Locale.ROOT).replace("-", " "));
            assertThat(c.tenant()).isEqualTo(H1);
            assertThat(hub.registry.find(c.nodeId())).get().satisfies(m -> {
                assertThat(m.state()).isEqualTo(MemberState.ACTIVE);
                assertThat(m.name()).isEqualTo("City Hospital");
            });
            String stored = hub.db().jdbi().withHandle(h -> h.createQuery("SELECT secret_sealed FROM hub_node")
                    .mapTo(String.class).one());
            assertThat(stored).doesNotContain(c.secret());

            assertThatThrownBy(() -> node.client.enrol(code.code(), 1))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(FederationErrorCode.ENROLMENT_CODE_INVALID.toErrorCode()))
                    .hasMessageContaining("already used");
            assertThatThrownBy(() -> node.client.enrol("AAAA-BBBB-CCCC-DDDD", 1))
                    .hasMessageContaining("unknown");
            EnrolmentCode expiring = hub.registry.issueCode(H2, "Other", Duration.ofMinutes(5));
            clock.advance(Duration.ofMinutes(6));
            assertThatThrownBy(() -> node.client.enrol(expiring.code(), 1)).hasMessageContaining("expired");

            node.outbox.append(heartbeat());
            assertThat(node.sender.sendPending()).isEqualTo(1);
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesTamperedForgedStaleReplayedAndRevokedRequests(Dialect dialect) throws Exception {
        try (HubFixture hub = new HubFixture(TestDatabases.config(dialect, dir), clock);
                NodeFixture a = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri());
                NodeFixture b = new NodeFixture(TestDatabases.config(dialect, dir), clock, hub.uri())) {
            NodeCredentials ca = a.enrol(hub.registry.issueCode(H1, "A", Duration.ofHours(1)).code());
            NodeCredentials cb = b.enrol(hub.registry.issueCode(H2, "B", Duration.ofHours(1)).code());
            byte[] body = Wire.reportBatch(List.of(report(1)));
            long now = clock.instant().getEpochSecond();

            // a correct request is accepted
            String nonce = RequestSignature.newNonce();
            HttpRequest good = post(hub, ca.nodeId().value(), now, nonce,
                    RequestSignature.sign(ca.secret(), "POST", REPORTS, now, nonce, body), body);
            assertThat(send(good).statusCode()).isEqualTo(200);

            // the same request again: the nonce was used
            HttpResponse<String> replay = send(good);
            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(replay.body()).contains("UNAUTHENTICATED").contains("already used");

            // the body changed after signing
            String n2 = RequestSignature.newNonce();
            byte[] tampered = Wire.reportBatch(List.of(report(2)));
            HttpResponse<String> t = send(post(hub, ca.nodeId().value(), now, n2,
                    RequestSignature.sign(ca.secret(), "POST", REPORTS, now, n2, body), tampered));
            assertThat(t.statusCode()).isEqualTo(401);
            assertThat(t.body()).contains("signature does not match");

            // node A signs with its secret but claims to be node B
            String n3 = RequestSignature.newNonce();
            HttpResponse<String> forged = send(post(hub, cb.nodeId().value(), now, n3,
                    RequestSignature.sign(ca.secret(), "POST", REPORTS, now, n3, tampered), tampered));
            assertThat(forged.statusCode()).isEqualTo(401);

            // a timestamp 6 minutes old
            String n4 = RequestSignature.newNonce();
            long stale = now - 360;
            HttpResponse<String> old = send(post(hub, ca.nodeId().value(), stale, n4,
                    RequestSignature.sign(ca.secret(), "POST", REPORTS, stale, n4, tampered), tampered));
            assertThat(old.statusCode()).isEqualTo(401);
            assertThat(old.body()).contains("time synchronisation");

            // unsigned and unknown node
            assertThat(send(HttpRequest.newBuilder(hub.uri().resolve(REPORTS))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()).body()).contains("is not signed");
            String n5 = RequestSignature.newNonce();
            assertThat(send(post(hub, "node-unknown", now, n5,
                    RequestSignature.sign(ca.secret(), "POST", REPORTS, now, n5, tampered), tampered)).body())
                    .contains("not enrolled");

            // only node A's report 1 was applied, and nothing for B
            assertThat(hub.count("SELECT COUNT(*) FROM hub_report")).isEqualTo(1);
            assertThat(hub.registry.find(cb.nodeId()).orElseThrow().appliedSequence()).isZero();

            // a replay is still refused after the hub restarted
            hub.restart();
            assertThat(send(good).statusCode()).isEqualTo(401);

            // revoked: a precise 401 through the client
            hub.registry.revoke(ca.nodeId(), "hospital left the region");
            a.outbox.append(heartbeat());
            a.outbox.append(heartbeat());
            assertThatThrownBy(a.sender::sendPending)
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(FederationErrorCode.NODE_REVOKED.toErrorCode()))
                    .hasMessageContaining("was revoked").hasMessageContaining("hospital left the region");
            assertThatThrownBy(() -> a.client.fetchDirectives(ca, 0, 10)).hasMessageContaining("was revoked");
            // B is unaffected
            b.outbox.append(heartbeat());
            assertThat(b.sender.sendPending()).isEqualTo(1);
        }
    }

    private HttpRequest post(HubFixture hub, String node, long timestamp, String nonce, String signature, byte[] body) {
        return HttpRequest.newBuilder(hub.uri().resolve(REPORTS))
                .header(RequestSignature.NODE, node)
                .header(RequestSignature.TIMESTAMP, Long.toString(timestamp))
                .header(RequestSignature.NONCE, nonce)
                .header(RequestSignature.SIGNATURE, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private static Report report(long sequence) {
        return new Report(sequence, ReportType.HEARTBEAT, Instant.parse("2026-11-25T08:00:00Z"), Wire.json(heartbeat()));
    }

    private static ReportBody.Heartbeat heartbeat() {
        return new ReportBody.Heartbeat(ReportBody.Health.OK, "0.1.0", "all stages running");
    }
}
