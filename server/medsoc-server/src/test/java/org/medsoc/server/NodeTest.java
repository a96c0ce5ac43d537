package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.SearchResult;

/** A whole node in-process: every receiver feeds the same pipeline into a searchable store. */
class NodeTest {
    private static final String TOKEN = "node-test-token-0123456789";

    @TempDir
    Path dir;

    private Node start(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(Map.of(
                "node.data-dir", dir.resolve("data").toString(),
                "http.bind", "127.0.0.1",
                "http.port", "0",
                "ingest.syslog.port", "0",
                "ingest.syslog.bind", "127.0.0.1",
                "ingest.pipeline.commit-interval", "200ms",
                "store.lucene.refresh-interval", "100ms"));
        m.putAll(extra);
        return Node.start(new NodeConfig(Settings.of(m)), TOKEN);
    }

    private static SearchResult search(Node node, String query) {
        node.store().refresh();
        return node.store().search(TenantId.DEFAULT, EventQuery.of(query, 100));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("timed out waiting for " + what).isTrue();
    }

    @Test
    void everyReceiverFeedsTheStoreWithItsNameAndPeer() throws Exception {
        Path tail = Files.createDirectories(dir.resolve("tail"));
        Files.writeString(tail.resolve("auth.log"),
                "Nov 25 08:00:01 lis-db-01 sshd[811]: Failed password for root from 198.51.100.7 port 50022 ssh2\n");
        try (Node node = start(Map.of("ingest.file.dir", tail.toString()))) {
            int port = node.syslogPort();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                out.write("<134>1 2026-11-25T08:00:00Z his-app-01 his 42 AUDIT - tcp-marker one\n"
                        .getBytes(StandardCharsets.UTF_8));
                byte[] framed = "<134>1 2026-11-25T08:00:01Z his-app-01 his 42 AUDIT - tcp-marker two"
                        .getBytes(StandardCharsets.UTF_8);
                out.write((framed.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(framed);
                out.flush();
            }
            try (DatagramSocket udp = new DatagramSocket()) {
                byte[] b = "<189>Nov 25 08:00:02 fw-01 udp-marker datagram".getBytes(StandardCharsets.UTF_8);
                udp.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), node.syslogUdpPort()));
            }
            await(() -> search(node, "tcp-marker").total() == 2, "two TCP messages");
            await(() -> search(node, "udp-marker").total() == 1, "the UDP datagram");
            await(() -> search(node, "user.name:root AND event.outcome:failure").total() == 1, "the tailed line");

            Event tcp = search(node, "tcp-marker").events().getFirst();
            assertThat(tcp.value(Fields.MEDSOC_RECEIVER)).isEqualTo("syslog-tcp:" + port);
            assertThat(tcp.value(Fields.MEDSOC_PEER)).isEqualTo("127.0.0.1");
            Event udp = search(node, "udp-marker").events().getFirst();
            assertThat(udp.value(Fields.MEDSOC_RECEIVER)).isEqualTo("syslog-udp:" + node.syslogUdpPort());
            Event tailed = search(node, "user.name:root").events().getFirst();
            assertThat(tailed.value(Fields.MEDSOC_RECEIVER)).isEqualTo("file:" + tail);
            assertThat(tailed.value(Fields.SOURCE_IP)).isEqualTo("198.51.100.7");

            assertThat(node.health()).containsEntry("status", "UP");
            String metrics = node.metricsText();
            assertThat(metrics).contains("medsoc_pipeline_parsed_total").contains("medsoc_receiver_messages_total")
                    .contains("medsoc_fields_refused_total");
        }
    }

    @Test
    void turnsRuleMatchesIntoAlertsStoredBesideTheirEvents() throws Exception {
        String sysmon = "{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_id\":1,"
                + "\"computer_name\":\"WS-RAD-021\",\"event_data\":{\"Image\":\"C:\\\\Windows\\\\System32\\\\vssadmin.exe\","
                + "\"CommandLine\":\"vssadmin.exe delete shadows /all /quiet\"}}}";
        String benign = sysmon.replace("delete shadows /all /quiet", "list shadows");
        try (Node node = start(Map.of())) {
            long last = node.journal().appendDurably(List.of(
                    new org.medsoc.spi.event.RawMessage(TenantId.DEFAULT, "http", "", System.currentTimeMillis(),
                            sysmon.getBytes(StandardCharsets.UTF_8)),
                    new org.medsoc.spi.event.RawMessage(TenantId.DEFAULT, "http", "", System.currentTimeMillis(),
                            benign.getBytes(StandardCharsets.UTF_8))));
            assertThat(node.pipeline().awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
            node.store().refresh();
            SearchResult alerts = node.store().search(TenantId.DEFAULT, EventQuery.all(Dataset.ALERTS, 10));
            assertThat(alerts.total()).isEqualTo(1);
            Event alert = alerts.events().getFirst();
            assertThat(alert.value(Fields.RULE_NAME)).isEqualTo("Shadow Copies Deleted With Vssadmin");
            assertThat(alert.value(Fields.EVENT_KIND)).isEqualTo("signal");
            assertThat(alert.values(Fields.TAGS)).contains("attack.t1490");
            assertThat(alert.value(Fields.EVENT_SEVERITY)).isEqualTo("73");
            String eventId = alert.value(Fields.MEDSOC_ALERT_EVENT_ID);
            assertThat(search(node, "winlog.event_id:1").total()).isEqualTo(2);
            assertThat(search(node, "winlog.event_id:1").events())
                    .anySatisfy(e -> assertThat(e.id()).isEqualTo(eventId));
            assertThat(node.pipeline().alerts()).isEqualTo(1);
        }
    }

    @Test
    void restartsWithoutLosingOrDuplicatingCommittedEvents() throws Exception {
        long appended;
        try (Node node = start(Map.of())) {
            List<org.medsoc.spi.event.RawMessage> batch = Stream.iterate(0, i -> i + 1)
                    .limit(500)
                    .map(i -> new org.medsoc.spi.event.RawMessage(TenantId.DEFAULT, "http", "", System.currentTimeMillis(),
                            ("restart-marker number" + i).getBytes(StandardCharsets.UTF_8)))
                    .toList();
            appended = node.journal().appendDurably(batch);
            assertThat(node.pipeline().awaitProcessed(appended, Duration.ofSeconds(20))).isTrue();
        }
        try (Node node = start(Map.of())) {
            await(() -> search(node, "restart").total() == 500, "500 events after restart");
            assertThat(node.journal().checkpoint()).isEqualTo(appended);
            assertThat(node.pipeline().stats().records()).as("nothing replayed after a clean stop").isZero();
        }
    }

    @Test
    void keepsEveryLineOfTheSharedScannerSamples() throws Exception {
        Path samples = Path.of(System.getProperty("medsoc.shared", "../../../shared"), "samples", "scans", "nuclei");
        Assumptions.assumeTrue(Files.isDirectory(samples), "shared samples not found at " + samples.toAbsolutePath()
                + " (set -Dmedsoc.shared); skipping");
        long lines;
        try (Stream<String> s = Files.lines(samples.resolve("many_findings.json"))) {
            lines = s.filter(l -> !l.isBlank()).count();
        }
        // the file is read in place by the file-tail receiver; its offsets live in this test's data directory
        try (Node node = start(Map.of("ingest.file.dir", samples.toString(), "ingest.file.glob", "*.json"))) {
            await(() -> {
                node.store().refresh();
                return node.store().search(TenantId.DEFAULT, EventQuery.all(Dataset.EVENTS, 0)).total()
                                + node.store().search(TenantId.DEFAULT, EventQuery.all(Dataset.DEAD_LETTERS, 0)).total()
                        == lines;
            }, lines + " nuclei findings");
            assertThat(search(node, "medsoc.parser:json").total()).isEqualTo(lines);
            assertThat(search(node, "templateID:nginx-version").total()).isPositive();
            assertThat(search(node, "info.severity:low").total()).isPositive();
        }
    }
}
