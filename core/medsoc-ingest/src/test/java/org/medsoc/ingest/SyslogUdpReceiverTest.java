package org.medsoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

class SyslogUdpReceiverTest {
    private final CollectingSink sink = new CollectingSink();
    private SyslogUdpReceiver receiver;

    @AfterEach
    void closeReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private SyslogUdpReceiver start(SyslogConfig config) {
        receiver = SyslogUdpReceiver.create(config.withBindAddress("127.0.0.1").withPort(0), sink);
        receiver.start();
        return receiver;
    }

    private static void send(DatagramSocket socket, int port, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    }

    @Test
    void deliversOneMessagePerDatagramWithTrailingNewlineStripped() throws Exception {
        start(SyslogConfig.defaults());
        try (DatagramSocket s = new DatagramSocket()) {
            send(s, receiver.port(), "<13>Jan  1 00:00:00 his-01 app: first\n");
            send(s, receiver.port(), "<13>second\r\n");
            send(s, receiver.port(), "<13>third\0");
            send(s, receiver.port(), "\n");
        }
        Await.until("3 messages", () -> sink.count() == 3, sink::texts);
        assertThat(sink.texts()).containsExactly("<13>Jan  1 00:00:00 his-01 app: first", "<13>second", "<13>third");
        RawMessage m = sink.messages().get(0);
        assertThat(m.receiver()).isEqualTo("syslog-udp:" + receiver.port());
        assertThat(m.peer()).isEqualTo("127.0.0.1");
        assertThat(m.tenant()).isEqualTo(TenantId.DEFAULT);
        assertThat(m.truncated()).isFalse();
        assertThat(receiver.name()).isEqualTo("syslog-udp:" + receiver.port());
        Await.until("stats", () -> receiver.stats().messages() == 3);
        assertThat(receiver.stats().bytes())
                .isEqualTo(sink.messages().stream().mapToLong(x -> x.payload().length).sum());
    }

    @Test
    void assignsTenantByPeerCidrFirstMatch() throws Exception {
        start(SyslogConfig.defaults()
                .withTenants(
                        TenantId.of("provider"),
                        List.of(
                                new TenantMapping("10.0.0.0/8", TenantId.of("elsewhere")),
                                new TenantMapping("127.0.0.0/8", TenantId.of("loopback-hospital")),
                                new TenantMapping("127.0.0.1", TenantId.of("never-reached")))));
        try (DatagramSocket s = new DatagramSocket()) {
            send(s, receiver.port(), "<13>mapped");
        }
        Await.until("1 message", () -> sink.count() == 1);
        assertThat(sink.messages().get(0).tenant()).isEqualTo(TenantId.of("loopback-hospital"));
    }

    @Test
    void fallsBackToReceiverTenantWhenNoMappingMatches() throws Exception {
        start(SyslogConfig.defaults()
                .withTenants(TenantId.of("provider"), List.of(new TenantMapping("10.0.0.0/8", TenantId.of("x")))));
        try (DatagramSocket s = new DatagramSocket()) {
            send(s, receiver.port(), "<13>unmapped");
        }
        Await.until("1 message", () -> sink.count() == 1);
        assertThat(sink.messages().get(0).tenant()).isEqualTo(TenantId.of("provider"));
    }

    @Test
    void truncatesOversizedDatagram() throws Exception {
        start(SyslogConfig.defaults().withMaxMessageBytes(100));
        try (DatagramSocket s = new DatagramSocket()) {
            send(s, receiver.port(), "x".repeat(1000));
        }
        Await.until("1 message", () -> sink.count() == 1);
        assertThat(sink.messages().get(0).payload()).hasSize(100);
        assertThat(sink.messages().get(0).truncated()).isTrue();
        assertThat(receiver.stats().truncated()).isEqualTo(1);
    }

    @Test
    void countsDropsWhenSinkRefuses() throws Exception {
        sink.refuseAlways(true);
        start(SyslogConfig.defaults());
        int sent = 200;
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < sent; i++) {
                send(s, receiver.port(), "<13>refused " + i);
            }
        }
        Await.until(
                "every datagram counted",
                () -> receiver.stats().dropped() + receiver.stats().kernelDropped() == sent,
                receiver::stats);
        assertThat(sink.count()).isZero();
        assertThat(receiver.stats().dropped()).isPositive();
        assertThat(receiver.stats().messages()).isZero();
    }

    @Test
    void countsDropsWhenQueueOverflowsAndDeliversTheRest() throws Exception {
        sink.block();
        start(SyslogConfig.defaults().withUdpBuffers(16, 64 * 1024));
        int sent = 2000;
        try (DatagramSocket s = new DatagramSocket()) {
            send(s, receiver.port(), "<13>first");
            Await.until("the dispatcher blocks in the sink", () -> sink.blockedCalls() == 1);
            for (int i = 1; i < sent; i++) {
                send(s, receiver.port(), "<13>flood " + i);
            }
            Await.until(
                    "the queue overflows",
                    () -> receiver.stats().dropped() + receiver.stats().kernelDropped() >= sent - 1 - 16,
                    receiver::stats);
            sink.unblock();
        }
        Await.until(
                "delivered + dropped == sent",
                () -> {
                    ReceiverStats st = receiver.stats();
                    return sink.count() + st.dropped() + st.kernelDropped() == sent;
                },
                () -> sink.count() + " delivered, " + receiver.stats());
        assertThat(receiver.stats().dropped()).isPositive();
        assertThat(sink.count()).isBetween(2, 17);
        assertThat(sink.texts().get(0)).isEqualTo("<13>first");
        assertThat(receiver.stats().messages()).isEqualTo(sink.count());
    }

    @Test
    void closeReleasesThePortPromptly() throws Exception {
        start(SyslogConfig.defaults());
        int port = receiver.port();
        receiver.close();
        receiver.close();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
        assertThatThrownBy(receiver::start).isInstanceOf(MedsocException.class);
    }

    @Test
    void failsPreciselyWhenPortIsTaken() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            SyslogUdpReceiver r = SyslogUdpReceiver.create(
                    SyslogConfig.defaults().withBindAddress("127.0.0.1").withPort(taken.getLocalPort()), sink);
            assertThatThrownBy(r::start)
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(IngestErrorCode.RECEIVER_BIND_FAILED.toErrorCode()))
                    .hasMessageContaining("ingest.syslog.port");
            r.close();
        }
    }
}
