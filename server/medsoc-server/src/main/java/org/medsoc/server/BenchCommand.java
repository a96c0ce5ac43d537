package org.medsoc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.medsoc.common.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medsoc bench}: load generators. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.", subcommands = BenchCommand.Ingest.class)
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public void run() {
        if (spec != null) {
            spec.commandLine().usage(System.out);
        }
    }

    /**
     * {@code medsoc bench ingest}: sends realistic hospital syslog over real TCP connections (plus a share of Windows
     * JSON over HTTP bulk) to a node and measures events per second end to end — until the node's store has
     * committed them (durable and searchable). The baseline, measured in the same run with the same generator and
     * connections, is a discard server that only reads the bytes: the ratio says how close the node comes to the
     * speed at which the generator can push bytes through loopback.
     */
    @Command(name = "ingest", mixinStandardHelpOptions = true, description = "End-to-end ingest throughput (TCP syslog + HTTP bulk).")
    static final class Ingest implements Runnable {
        @Option(names = "--url", description = "Base URL of a running node; default: start a node in a temporary directory")
        @Nullable String url;

        @Option(names = "--syslog-port", description = "Syslog TCP port of the running node (with --url)")
        @Nullable Integer syslogPort;

        @Option(names = "--token", description = "API token of the running node (default: $MEDSOC_BOOTSTRAP_TOKEN)")
        @Nullable String token;

        @Option(names = "--duration", defaultValue = "60s", description = "How long to send (default ${DEFAULT-VALUE})")
        String duration;

        @Option(names = "--baseline-duration", defaultValue = "10s", description = "How long to measure the baseline (default ${DEFAULT-VALUE})")
        String baselineDuration;

        @Option(names = "--connections", defaultValue = "2", description = "TCP syslog connections (default ${DEFAULT-VALUE})")
        int connections;

        @Option(names = "--http-share", defaultValue = "10", description = "Percent of events sent over HTTP bulk (default ${DEFAULT-VALUE})")
        int httpShare;

        @Option(names = "--rate", defaultValue = "0", description = "Target events/s over TCP (0 = as fast as possible)")
        long rate;

        @Option(names = "--window", defaultValue = "500000", description = "Most events in flight (sent but not yet stored) before the senders wait; "
                + "keeps the measurement end to end instead of filling the journal (default ${DEFAULT-VALUE}; 0 = no limit)")
        long window;

        private final ObjectMapper mapper = new ObjectMapper();

        @Override
        public void run() {
            Duration sendFor = Settings.empty().with("d", duration).duration("d", Duration.ofSeconds(60));
            Duration baselineFor = Settings.empty().with("d", baselineDuration).duration("d", Duration.ofSeconds(10));
            byte[][] frames = frames(20_000);
            List<String> jsonLines = jsonLines(2_000);
            System.out.printf(Locale.ROOT, "medsoc bench ingest: %d TCP connections, %d%% over HTTP bulk, %s%n",
                    connections, httpShare, rate > 0 ? rate + " events/s target" : "unthrottled");

            // 1. baseline: the same generator against a discard server
            double baseline;
            try (DiscardServer discard = new DiscardServer()) {
                Load load = new Load(frames, connections, rate);
                long sent = load.run("127.0.0.1", discard.port(), baselineFor);
                baseline = sent / seconds(baselineFor);
                System.out.printf(Locale.ROOT, "baseline  (discard server):        %,12.0f events/s  (%,d events in %s)%n",
                        baseline, sent, baselineFor);
            } catch (IOException e) {
                throw new IllegalStateException("baseline failed: " + e.getMessage(), e);
            }

            // 2. the node
            Node local = null;
            Path tmp = null;
            try {
                String base;
                int port;
                String apiToken;
                if (url == null) {
                    tmp = Files.createTempDirectory("medsoc-bench");
                    apiToken = "bench-" + Long.toHexString(System.nanoTime()) + "-token";
                    local = Node.start(new NodeConfig(Settings.of(java.util.Map.of(
                            "node.data-dir", tmp.toString(), "http.port", "0", "ingest.syslog.port", "0"))), apiToken);
                    base = local.baseUrl();
                    port = local.syslogPort();
                    System.out.println("node: in-process, data " + tmp);
                } else {
                    base = url.replaceAll("/+$", "");
                    if (syslogPort == null) {
                        throw new CommandLine.ParameterException(new CommandLine(this), "--syslog-port is required with --url");
                    }
                    port = syslogPort;
                    apiToken = token != null ? token : System.getenv(Node.BOOTSTRAP_TOKEN_ENV);
                    if (apiToken == null) {
                        throw new CommandLine.ParameterException(new CommandLine(this), "--token or $" + Node.BOOTSTRAP_TOKEN_ENV + " is required with --url");
                    }
                    System.out.println("node: " + base);
                }
                runAgainstNode(base, port, apiToken, frames, jsonLines, sendFor, baseline);
            } catch (IOException e) {
                throw new IllegalStateException("bench failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (local != null) {
                    local.close();
                }
                if (tmp != null) {
                    deleteTree(tmp);
                }
            }
        }

        private void runAgainstNode(String base, int port, String apiToken, byte[][] frames, List<String> jsonLines,
                Duration sendFor, double baseline) throws IOException, InterruptedException {
            HttpClient client = HttpClient.newHttpClient();
            JsonNode before = health(client, base);
            long startSeq = before.at("/components/journal/lastSequence").asLong();
            Load load = new Load(frames, connections, rate);
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder httpEvents = new LongAdder();
            Thread httpThread = null;
            if (httpShare > 0) {
                httpThread = Thread.ofPlatform().name("bench-http").start(() -> postLoop(client, base, apiToken,
                        jsonLines, load, httpEvents, stop));
            }
            long t0 = System.nanoTime();
            if (window > 0) {
                load.gate.set(window);
                Thread.ofPlatform().daemon().name("bench-gate").start(() -> {
                    while (!stop.get()) {
                        try {
                            long processed = health(client, base).at("/components/pipeline/processedSequence").asLong();
                            // HTTP events count against the window too
                            load.gate.set(processed - startSeq + window - httpEvents.sum());
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        } catch (IOException | RuntimeException e) {
                            // keep the last gate
                        }
                    }
                });
            }
            List<String> samples = new ArrayList<>();
            Thread sampler = Thread.ofPlatform().daemon().name("bench-sampler").start(() -> {
                long lastProcessed = startSeq;
                long last = System.nanoTime();
                while (!stop.get()) {
                    try {
                        Thread.sleep(10_000);
                        JsonNode h = health(client, base);
                        long processed = h.at("/components/pipeline/processedSequence").asLong();
                        long now = System.nanoTime();
                        samples.add(String.format(Locale.ROOT,
                                "  t=%4ds  stored %,10.0f events/s  lag %,9d  old gen after GC (this JVM) %,6d MB",
                                (now - t0) / 1_000_000_000L, (processed - lastProcessed) / ((now - last) / 1e9),
                                h.at("/components/pipeline/lag").asLong(), oldGenAfterGc() >> 20));
                        lastProcessed = processed;
                        last = now;
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException | RuntimeException e) {
                        samples.add("  sample failed: " + e.getMessage());
                    }
                }
            });
            long tcpSent = load.run("127.0.0.1", port, sendFor);
            stop.set(true);
            if (httpThread != null) {
                httpThread.join();
            }
            sampler.interrupt();
            long sent = tcpSent + httpEvents.sum();
            long sendNanos = System.nanoTime() - t0;
            // wait until the node has committed everything that was sent
            long target = startSeq + sent;
            long checkpoint = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode h = health(client, base);
                long appended = h.at("/components/journal/lastSequence").asLong();
                checkpoint = h.at("/components/pipeline/checkpoint").asLong();
                if (appended >= target && checkpoint >= target) {
                    break;
                }
                Thread.sleep(50);
            }
            long totalNanos = System.nanoTime() - t0;
            double endToEnd = (checkpoint - startSeq) / (totalNanos / 1e9);
            samples.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "sent:                              %,12d events in %.1f s (%,.0f events/s; %,d over HTTP)%n",
                    sent, sendNanos / 1e9, sent / (sendNanos / 1e9), httpEvents.sum());
            System.out.printf(Locale.ROOT, "node end to end (committed):       %,12.0f events/s  (%,d events in %.1f s)%n",
                    endToEnd, checkpoint - startSeq, totalNanos / 1e9);
            System.out.printf(Locale.ROOT, "ratio node / baseline:             %12.3f%n", endToEnd / baseline);
            if (checkpoint < target) {
                System.out.printf(Locale.ROOT, "WARNING: only %,d of %,d events were committed within 10 minutes%n",
                        checkpoint - startSeq, sent);
            }
        }

        /** Live old-generation bytes measured at the end of the last collection: flat when memory does not leak. */
        private static long oldGenAfterGc() {
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                var usage = pool.getCollectionUsage();
                if (pool.getType() == java.lang.management.MemoryType.HEAP && usage != null
                        && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                    return usage.getUsed();
                }
            }
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        private void postLoop(HttpClient client, String base, String apiToken, List<String> lines, Load load,
                LongAdder httpEvents, AtomicBoolean stop) {
            String body = String.join("\n", lines) + "\n";
            while (!stop.get()) {
                // keep the HTTP share: post when TCP has sent enough
                long tcp = load.sent();
                if (httpEvents.sum() * 100 > (tcp + httpEvents.sum()) * httpShare) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ingest"))
                                    .header("Authorization", "Bearer " + apiToken)
                                    .header("Content-Type", "application/x-ndjson")
                                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        httpEvents.add(lines.size());
                    } else {
                        System.err.println("bench: ingest answered " + r.statusCode() + ": " + r.body());
                        Thread.sleep(100);
                    }
                } catch (IOException e) {
                    System.err.println("bench: " + e.getMessage());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private JsonNode health(HttpClient client, String base) throws IOException, InterruptedException {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            return mapper.readTree(r.body());
        }

        /** Pre-encoded octet-counted frames: 70 % FortiGate traffic (RFC 3164 + key=value), 30 % HIS audit (RFC 5424). */
        static byte[][] frames(int n) {
            HospitalTraffic traffic = new HospitalTraffic(42, ZoneId.of("Asia/Shanghai"));
            Instant now = Instant.now();
            byte[][] out = new byte[n][];
            for (int i = 0; i < n; i++) {
                Instant t = now.minusMillis(n - i);
                String line = i % 10 < 7 ? traffic.firewallLine(t) : traffic.auditLine(t);
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream frame = new ByteArrayOutputStream(b.length + 8);
                frame.writeBytes(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                frame.write(' ');
                frame.writeBytes(b);
                out[i] = frame.toByteArray();
            }
            return out;
        }

        static List<String> jsonLines(int n) {
            HospitalTraffic traffic = new HospitalTraffic(7, ZoneId.of("Asia/Shanghai"));
            List<String> out = new ArrayList<>(n);
            Instant now = Instant.now();
            while (out.size() < n) {
                HospitalTraffic.Line l = traffic.next(now.minusMillis(n - out.size()));
                if (l.channel() == HospitalTraffic.Channel.HTTP) {
                    out.add(l.text());
                }
            }
            return out;
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }

        private static void deleteTree(Path dir) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
            }
        }
    }

    /** Sends pre-encoded frames over N TCP connections for a duration, optionally rate-limited. */
    static final class Load {
        private final byte[][] frames;
        private final int connections;
        private final long rate;
        private final LongAdder sent = new LongAdder();
        /** Senders wait while the number they have sent exceeds this (set by a monitor); MAX_VALUE = open. */
        final java.util.concurrent.atomic.AtomicLong gate = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

        Load(byte[][] frames, int connections, long rate) {
            this.frames = frames;
            this.connections = connections;
            this.rate = rate;
        }

        long sent() {
            return sent.sum();
        }

        long run(String host, int port, Duration duration) throws IOException {
            long end = System.nanoTime() + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            List<IOException> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            long before = sent.sum();
            for (int c = 0; c < connections; c++) {
                int offset = c * 997;
                threads.add(Thread.ofPlatform().name("bench-tcp-" + c).start(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(host, port), 5_000);
                        s.setSendBufferSize(1 << 20);
                        OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
                        long perConnRate = rate / connections;
                        long start = System.nanoTime();
                        long mine = 0;
                        int i = offset;
                        while (System.nanoTime() < end) {
                            if (sent.sum() > gate.get()) {
                                out.flush();
                                Thread.sleep(1);
                                continue;
                            }
                            for (int k = 0; k < 256; k++) {
                                out.write(frames[i]);
                                i = (i + 1) % frames.length;
                            }
                            mine += 256;
                            sent.add(256);
                            if (perConnRate > 0) {
                                long due = start + mine * 1_000_000_000L / perConnRate;
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                    out.flush();
                                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                }
                            }
                        }
                        out.flush();
                    } catch (IOException e) {
                        errors.add(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!errors.isEmpty()) {
                throw errors.getFirst();
            }
            return sent.sum() - before;
        }
    }

    /** A TCP server that reads and discards everything: the ceiling of the load generator on this machine. */
    static final class DiscardServer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;

        DiscardServer() throws IOException {
            server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            acceptor = Thread.ofPlatform().daemon().name("discard-accept").start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofPlatform().daemon().name("discard").start(() -> drain(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private static void drain(Socket s) {
            byte[] buf = new byte[1 << 16];
            try (s; InputStream in = s.getInputStream()) {
                while (in.read(buf) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
