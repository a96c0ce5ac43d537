package org.medsoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.RawMessage;

class SyslogTcpReceiverTest {
    private final CollectingSink sink = new CollectingSink();
    private SyslogTcpReceiver receiver;

    @AfterEach
    void closeReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private SyslogTcpReceiver start(SyslogConfig config) {
        receiver = SyslogTcpReceiver.create(config.withBindAddress("127.0.0.1").withPort(0), sink);
        receiver.start();
        return receiver;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", receiver.port()), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(SyslogTcpReceiverTest.class.getResourceAsStream(name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesNewlineCrlfNulOctetCountingAndMixedFramingOnOneConnection() throws Exception {
        start(SyslogConfig.defaults());
        byte[] stream = resource("/framing/mixed.txt");
        List<String> expected =
                new String(resource("/framing/expected-mixed.txt"), StandardCharsets.UTF_8).lines().toList();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < stream.length; i += 7) { // small writes: frames split across reads
                out.write(stream, i, Math.min(7, stream.length - i));
                out.flush();
            }
            Await.until("all frames", () -> sink.count() == expected.size(), sink::texts);
        }
        assertThat(sink.texts()).isEqualTo(expected);
        RawMessage m = sink.messages().get(0);
        assertThat(m.receiver()).isEqualTo("syslog-tcp:" + receiver.port());
        assertThat(m.peer()).isEqualTo("127.0.0.1");
        assertThat(sink.messages()).noneMatch(RawMessage::truncated);
        Await.until("connection closed", () -> receiver.stats().connections() == 0);
        assertThat(receiver.stats().connectionsTotal()).isEqualTo(1);
        assertThat(receiver.stats().partial()).isZero();
    }

    @Test
    void servesManyConcurrentConnectionsInOrderPerConnection() throws Exception {
        start(SyslogConfig.defaults());
        int connections = 50;
        int perConnection = 400;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int id = c;
                futures.add(pool.submit(() -> {
                    try (Socket s = connect()) {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 0; i < perConnection; i++) {
                            String msg = "<13>conn " + id + " seq " + i;
                            if (i % 2 == 0) {
                                sb.append(msg).append('\n');
                            } else {
                                sb.append(msg.length()).append(' ').append(msg);
                            }
                        }
                        s.getOutputStream().write(bytes(sb.toString()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Await.until("every message", () -> sink.count() == connections * perConnection, sink::count);
        Map<Integer, Integer> next = new HashMap<>();
        for (String text : sink.texts()) {
            String[] parts = text.split(" ");
            int conn = Integer.parseInt(parts[1]);
            int seq = Integer.parseInt(parts[3]);
            assertThat(seq).as("connection %d order", conn).isEqualTo(next.getOrDefault(conn, 0));
            next.put(conn, seq + 1);
        }
        assertThat(next).hasSize(connections).allSatisfy((c, n) -> assertThat(n).isEqualTo(perConnection));
        Await.until("connections closed", () -> receiver.stats().connections() == 0);
        assertThat(receiver.stats().connectionsTotal()).isEqualTo(connections);
    }

    @Test
    void appliesBackPressureWhileSinkBlocksAndLosesNothing() throws Exception {
        sink.block();
        start(SyslogConfig.defaults());
        int total = 200_000;
        AtomicLong written = new AtomicLong();
        Socket s = new Socket();
        s.setSendBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", receiver.port()), 5000);
        Thread writer = Thread.ofPlatform().start(() -> {
            try (s) {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < total; i++) {
                    out.write(bytes("<13>back-pressure message number " + i + " padded to be a bit longer\n"));
                    written.incrementAndGet();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Await.until("the sink is blocked", () -> sink.blockedCalls() >= 1);
        awaitStall(written, total);
        assertThat(written.get()).isLessThan(total);
        assertThat(sink.count()).isZero();
        sink.unblock();
        writer.join(20_000);
        assertThat(writer.isAlive()).isFalse();
        Await.until("every message", () -> sink.count() == total, sink::count);
        List<String> texts = sink.texts();
        for (int i = 0; i < total; i++) {
            assertThat(texts.get(i)).isEqualTo("<13>back-pressure message number " + i + " padded to be a bit longer");
        }
        assertThat(receiver.stats().dropped()).isZero();
    }

    /** Waits until the writer made no progress for a while although it has not finished. */
    private static void awaitStall(AtomicLong written, int total) {
        long[] last = {-1};
        long[] since = {System.nanoTime()};
        Await.until(
                "the writer stalls",
                () -> {
                    long w = written.get();
                    if (w >= total) {
                        return false;
                    }
                    if (w != last[0]) {
                        last[0] = w;
                        since[0] = System.nanoTime();
                        return false;
                    }
                    return System.nanoTime() - since[0] > TimeUnit.MILLISECONDS.toNanos(500);
                },
                written::get);
    }

    @Test
    void retriesWhenJournalIsFullAndLosesNothing() throws Exception {
        sink.refuseNext(3);
        start(SyslogConfig.defaults());
        List<String> expected = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expected.add("<13>journal full " + i);
            sb.append("<13>journal full ").append(i).append('\n');
        }
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes(sb.toString()));
            Await.until("every message", () -> sink.count() == 100, sink::count);
        }
        assertThat(sink.texts()).isEqualTo(expected);
        assertThat(sink.refusals()).isEqualTo(3);
        assertThat(receiver.stats().dropped()).isZero();
        assertThat(receiver.stats().messages()).isEqualTo(100);
    }

    @Test
    void truncatesOversizedFramesWithBoundedMemoryAndKeepsServingOthers() throws Exception {
        int max = 1024;
        start(SyslogConfig.defaults().withMaxMessageBytes(max));
        Socket big = connect();
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) 'A');
        AtomicLong sentBytes = new AtomicLong();
        Thread streamer = Thread.ofPlatform().start(() -> {
            try (big) {
                OutputStream out = big.getOutputStream();
                for (int i = 0; i < 50; i++) {
                    out.write(chunk);
                    sentBytes.addAndGet(chunk.length);
                }
                out.write(bytes("\n<13>after the flood\n"));
                String octetBody = "B".repeat(5000);
                out.write(bytes(octetBody.length() + " " + octetBody + "9 <13>octet"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Await.until("the oversized line is cut and delivered", () -> sink.count() >= 1);
        try (Socket other = connect()) {
            other.getOutputStream().write(bytes("<13>other connection\n"));
            Await.until("the other connection is served", () -> sink.texts().contains("<13>other connection"));
        }
        streamer.join(30_000);
        assertThat(streamer.isAlive()).isFalse();
        Await.until("all messages", () -> sink.count() == 5, sink::texts);
        List<RawMessage> fromBig = sink.messages().stream()
                .filter(m -> !new String(m.payload(), StandardCharsets.UTF_8).equals("<13>other connection"))
                .toList();
        assertThat(fromBig.get(0).payload()).hasSize(max).containsOnly((byte) 'A');
        assertThat(fromBig.get(0).truncated()).isTrue();
        assertThat(new String(fromBig.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("<13>after the flood");
        assertThat(fromBig.get(2).payload()).hasSize(max).containsOnly((byte) 'B');
        assertThat(fromBig.get(2).truncated()).isTrue();
        assertThat(new String(fromBig.get(3).payload(), StandardCharsets.UTF_8)).isEqualTo("<13>octet");
        assertThat(receiver.stats().truncated()).isEqualTo(2);
    }

    @Test
    void deliversFramesCutByDisconnect() throws Exception {
        start(SyslogConfig.defaults());
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes("<13>complete\n<13>partial line"));
        }
        Await.until("line messages", () -> sink.count() == 2, sink::texts);
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes("100 <13>short octet frame"));
        }
        Await.until("octet message", () -> sink.count() == 3, sink::texts);
        List<RawMessage> m = sink.messages();
        assertThat(sink.texts()).containsExactly("<13>complete", "<13>partial line", "<13>short octet frame");
        assertThat(m.get(1).truncated()).isFalse();
        assertThat(m.get(2).truncated()).isTrue();
        assertThat(receiver.stats().partial()).isEqualTo(2);
        assertThat(receiver.stats().truncated()).isEqualTo(1);
    }

    @Test
    void survivesBinaryGarbageAndInvalidOctetCounts() throws Exception {
        start(SyslogConfig.defaults().withMaxMessageBytes(4096));
        byte[] garbage = new byte[1024 * 1024];
        new Random(42).nextBytes(garbage);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(garbage);
            out.write(bytes("\n99999999999 x\n123456789 y\n<13>still framed\n"));
        }
        Await.until("the framed message after the garbage", () -> sink.texts().contains("<13>still framed"));
        List<String> texts = sink.texts();
        assertThat(texts.subList(texts.size() - 3, texts.size()))
                .containsExactly("99999999999 x", "123456789 y", "<13>still framed");
        assertThat(sink.messages()).allSatisfy(m -> assertThat(m.payload().length).isBetween(1, 4096));
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes("<13>alive\n"));
            Await.until("the receiver still works", () -> sink.texts().contains("<13>alive"));
        }
    }

    @Test
    void closesIdleConnections() throws Exception {
        start(SyslogConfig.defaults().withIdleTimeout(Duration.ofMillis(300)));
        try (Socket s = connect()) {
            Await.until("the connection is open", () -> receiver.stats().connections() == 1);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        Await.until("no connection open", () -> receiver.stats().connections() == 0);
    }

    @Test
    void refusesConnectionsBeyondMax() throws Exception {
        start(SyslogConfig.defaults().withMaxConnections(2));
        try (Socket a = connect();
                Socket b = connect()) {
            a.getOutputStream().write(bytes("<13>a\n"));
            b.getOutputStream().write(bytes("<13>b\n"));
            Await.until("two connections", () -> receiver.stats().connections() == 2 && sink.count() == 2);
            assertThat(connectAndRead()).isEqualTo(-1);
            Await.until("refusal counted", () -> receiver.stats().refused() == 1);
            assertThat(receiver.stats().connections()).isEqualTo(2);
            assertThat(receiver.stats().errors()).isEqualTo(1);
        }
        Await.until("connections closed", () -> receiver.stats().connections() == 0);
        try (Socket d = connect()) {
            d.getOutputStream().write(bytes("<13>d\n"));
            Await.until("a new connection is served again", () -> sink.texts().contains("<13>d"));
        }
    }

    /** Connects and reads one byte; -1 when the receiver closed or reset the connection (refused). */
    private int connectAndRead() throws IOException {
        try (Socket c = connect()) {
            return c.getInputStream().read();
        } catch (SocketException e) {
            return -1; // reset by the receiver, possibly already while setting up the socket
        }
    }

    @Test
    void closeIsPromptAndReleasesThePort() throws Exception {
        start(SyslogConfig.defaults());
        int port = receiver.port();
        Socket open = connect();
        open.getOutputStream().write(bytes("<13>x\n"));
        Await.until("the message", () -> sink.count() == 1);
        receiver.close();
        assertThat(open.getInputStream().read()).isEqualTo(-1);
        open.close();
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
        }
        assertThat(receiver.stats().connections()).isZero();
        assertThatThrownBy(receiver::start).isInstanceOf(MedsocException.class);
    }
}
