package org.medsoc.ingest;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A rough end-to-end measurement of the receivers with a sink that only counts: TCP over several connections, UDP
 * from one sender, and file tail over a pre-written file. Not a test and not a benchmark of record (see
 * testing/medsoc-benchmarks); run with {@code java -cp ... org.medsoc.ingest.IngestThroughput}.
 */
public final class IngestThroughput {
    private static final String LINE =
            "<134>1 2024-05-01T08:15:30.123Z his-app-01 his 4242 AUDIT - user=dr.wang action=view patient=P0012345 "
                    + "ward=cardiology result=success";

    private IngestThroughput() {}

    public static void main(String[] args) throws Exception {
        int tcpMessages = 2_000_000;
        int connections = 4;
        LongAdder count = new LongAdder();
        MessageSink counting = batch -> count.add(batch.size());
        byte[] line = (LINE + "\n").getBytes(StandardCharsets.UTF_8);

        try (SyslogTcpReceiver tcp = SyslogTcpReceiver.create(
                SyslogConfig.defaults().withBindAddress("127.0.0.1").withPort(0), counting)) {
            tcp.start();
            byte[] block = new byte[line.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            long start = System.nanoTime();
            List<Thread> writers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    try (Socket s = new Socket("127.0.0.1", tcp.port())) {
                        OutputStream out = s.getOutputStream();
                        for (int i = 0; i < tcpMessages / connections / 1000; i++) {
                            out.write(block);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread w : writers) {
                w.join();
            }
            waitFor(count, tcpMessages);
            report("TCP, " + connections + " connections", tcpMessages, line.length, System.nanoTime() - start);
        }

        count.reset();
        int udpMessages = 300_000;
        try (SyslogUdpReceiver udp = SyslogUdpReceiver.create(
                SyslogConfig.defaults().withBindAddress("127.0.0.1").withPort(0), counting);
                DatagramSocket sender = new DatagramSocket()) {
            udp.start();
            DatagramPacket packet = new DatagramPacket(
                    line, line.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.port()));
            long start = System.nanoTime();
            for (int i = 0; i < udpMessages; i++) {
                sender.send(packet);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                ReceiverStats s = udp.stats();
                if (count.sum() + s.dropped() + s.kernelDropped() >= udpMessages) {
                    break;
                }
                Thread.sleep(5);
            }
            long elapsed = System.nanoTime() - start;
            ReceiverStats s = udp.stats();
            report("UDP, 1 sender (delivered)", count.sum(), line.length, elapsed);
            System.out.printf("    dropped %d in medsoc, %d by the kernel%n", s.dropped(), s.kernelDropped());
        }

        count.reset();
        Path dir = Files.createTempDirectory("medsoc-tail-throughput");
        Path file = dir.resolve("bulk.log");
        int fileMessages = 1_000_000;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[line.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            for (int i = 0; i < fileMessages / 1000; i++) {
                out.write(block);
            }
        }
        long start = System.nanoTime();
        try (FileTailReceiver tail = FileTailReceiver.create(
                FileTailConfig.defaults(dir, dir.resolve("state")).withPollInterval(Duration.ofMillis(10)),
                counting)) {
            tail.start();
            waitFor(count, fileMessages);
            report("file tail (fsync of offsets per 1 MiB batch)", fileMessages, line.length,
                    System.nanoTime() - start);
        }
    }

    private static void waitFor(LongAdder count, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (count.sum() < n && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        if (count.sum() < n) {
            throw new IllegalStateException("only " + count.sum() + " of " + n + " messages arrived");
        }
    }

    private static void report(String what, long messages, int lineBytes, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("%-48s %,12.0f msg/s  %8.1f MB/s  (%,d messages of %d bytes in %.2f s)%n",
                what, messages / seconds, messages * (double) lineBytes / seconds / 1e6, messages, lineBytes, seconds);
    }
}
