package org.medsoc.federation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

/** The transport-neutral hub endpoint, called in-process without sockets. */
class HubProtocolTest {
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private Database db;
    private NodeRegistry registry;
    private Inbox inbox;
    private HubProtocol protocol;
    private NodeCredentials node;

    @BeforeEach
    void open() {
        db = TestDatabases.open(Dialect.H2, dir);
        db.migrate("federation");
        registry = new NodeRegistry(db, HubMasterKey.random(), clock);
        inbox = new Inbox(db, clock);
        Directives directives = new Directives(db, clock);
        protocol = new HubProtocol(registry, new HubAuthenticator(db, registry, clock, Duration.ofMinutes(5)), inbox,
                directives);
        EnrolmentCode code = registry.issueCode(TenantId.of("h1"), "A", Duration.ofHours(1));
        HubResponse r = protocol.handle(new HubRequest("POST", HubProtocol.BASE + "/enrol", Map.of(),
                ("{\"code\":\"" + code.code() + "\",\"firstSequence\":1}").getBytes(UTF_8)));
        assertThat(r.status()).isEqualTo(200);
        var json = Wire.tree(r.body(), "answer");
        node = new NodeCredentials(new NodeId(json.get("nodeId").asText()), TenantId.of(json.get("tenant").asText()),
                json.get("secret").asText());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void answersPreciseStatusesForWrongRoutesMethodsAndBodies() {
        assertThat(protocol.handle(new HubRequest("GET", "/federation/v1/nothing", Map.of(), new byte[0])).status())
                .isEqualTo(404);
        HubResponse wrongMethod = protocol.handle(new HubRequest("GET", HubProtocol.BASE + "/reports", Map.of(),
                new byte[0]));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.text()).contains("accepts POST");
        assertThat(protocol.handle(new HubRequest("POST", HubProtocol.BASE + "/enrol", Map.of(),
                "not json".getBytes(UTF_8))).status()).isEqualTo(400);
        assertThat(protocol.handle(new HubRequest("POST", HubProtocol.BASE + "/enrol", Map.of(),
                "{\"code\":\"AAAA-AAAA-AAAA-AAAA\"}".getBytes(UTF_8))).status()).isEqualTo(403);
        assertThat(protocol.handle(new HubRequest("POST", HubProtocol.BASE + "/reports", Map.of(),
                new byte[HubProtocol.MAX_BODY + 1])).status()).isEqualTo(413);

        assertThat(signed("POST", HubProtocol.BASE + "/reports", "{\"reports\":{}}").text())
                .contains("needs an array 'reports'");
        assertThat(signed("POST", HubProtocol.BASE + "/reports",
                "{\"reports\":[{\"sequence\":1,\"type\":\"GOSSIP\",\"createdAt\":\"2026-11-25T08:00:00Z\","
                        + "\"payload\":{}}]}").text()).contains("unknown report type 'GOSSIP'");
        assertThat(signed("GET", HubProtocol.BASE + "/directives?after=0&limit=0", "").status()).isEqualTo(400);
        assertThat(signed("GET", HubProtocol.BASE + "/directives?after=x", "").text())
                .contains("after must be an integer");
        HubResponse gap = signed("POST", HubProtocol.BASE + "/reports", batch(5, "{\"health\":\"OK\",\"version\":\"1\","
                + "\"detail\":\"\"}"));
        assertThat(gap.status()).isEqualTo(409);
        assertThat(gap.text()).contains("\"expectedSequence\":1").contains("SEQUENCE_GAP");
    }

    @Test
    void anUnreadablePayloadIsStoredAsRejectedAndDoesNotBlockTheStream() {
        HubResponse r = signed("POST", HubProtocol.BASE + "/reports", batch(1, "{\"health\":\"MAYBE\"}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(Wire.ack(r.body())).isEqualTo(new InboxAck(1, 1, 0, List.of(1L)));
        HubResponse next = signed("POST", HubProtocol.BASE + "/reports", batch(2, "{\"health\":\"OK\",\"version\":\"1\","
                + "\"detail\":\"fine\"}"));
        assertThat(Wire.ack(next.body())).isEqualTo(new InboxAck(2, 1, 0, List.of()));
        String health = db.jdbi().withHandle(h -> h.createQuery("SELECT health FROM hub_node_status")
                .mapTo(String.class).one());
        assertThat(health).isEqualTo("OK");
    }

    /**
     * A seeded mutation fuzzer over the report batch decoder and the inbox: random byte flips, inserts and
     * truncations of valid batches, and random bytes, never escape as anything but a {@link MedsocException}, and
     * whatever is applied moves the high-water mark by exactly the number applied.
     */
    @Test
    void survivesMutatedReportBatches() {
        Random random = new Random(20261125);
        List<byte[]> seeds = List.of(
                batch(1, "{\"health\":\"OK\",\"version\":\"1\",\"detail\":\"x\"}").getBytes(UTF_8),
                Wire.reportBatch(List.of(new Report(1, ReportType.SHARED_INDICATORS, T0, Wire.json(
                        new ReportBody.SharedIndicators(List.of(new ReportBody.IndicatorSighting("ip", "10.0.0.1", 2,
                                T0, T0))))), new Report(2, ReportType.INCIDENT_OPENED, T0, Wire.json(
                        new ReportBody.IncidentOpened("i1", "t", "high", T0))))));
        long applied = 0;
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())));
            try {
                List<Report> reports = Wire.reportBatch(input, HubProtocol.MAX_BATCH, HubProtocol.MAX_REPORT_PAYLOAD);
                for (Report r : reports) {
                    try {
                        r.body();
                    } catch (MedsocException expected) {
                        // an unreadable payload is reported, not thrown past the decoder
                    }
                }
                if (i % 20 == 0 && !reports.isEmpty()) {
                    long before = registry.find(node.nodeId()).orElseThrow().appliedSequence();
                    InboxAck ack = inbox.apply(node.nodeId(), reports);
                    assertThat(ack.highestApplied()).isEqualTo(before + ack.applied());
                    applied += ack.applied();
                    accepted++;
                }
            } catch (MedsocException expected) {
                // refused with a precise error
            }
        }
        long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_report").mapTo(Long.class)
                .one());
        assertThat(stored).isEqualTo(applied);
        assertThat(accepted).isPositive();
    }

    private static byte[] mutate(Random random, byte[] seed) {
        if (random.nextInt(20) == 0) {
            byte[] b = new byte[random.nextInt(200)];
            random.nextBytes(b);
            return b;
        }
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) "{}[]\",:0123456789-e.".charAt(random.nextInt(20));
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    private static String batch(long sequence, String heartbeatPayload) {
        return "{\"reports\":[{\"sequence\":" + sequence + ",\"type\":\"HEARTBEAT\",\"createdAt\":"
                + "\"2026-11-25T08:00:00Z\",\"payload\":" + heartbeatPayload + "}]}";
    }

    private HubResponse signed(String method, String target, String body) {
        byte[] bytes = body.getBytes(UTF_8);
        long now = clock.instant().getEpochSecond();
        String nonce = RequestSignature.newNonce();
        return protocol.handle(new HubRequest(method, target, Map.of(
                "x-medsoc-node", node.nodeId().value(),
                "x-medsoc-timestamp", Long.toString(now),
                "x-medsoc-nonce", nonce,
                "x-medsoc-signature", RequestSignature.sign(node.secret(), method, target, now, nonce, bytes)), bytes));
    }
}
