package org.medsoc.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A medsoc node running as a separate JVM, as an operator runs it: started, queried over HTTP, killed. */
final class NodeProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "it-token-0123456789abcdef";

    private final Process process;
    private final Path log;
    final int httpPort;
    final int syslogPort;
    private final HttpClient client = HttpClient.newHttpClient();

    private NodeProcess(Process process, Path log, int httpPort, int syslogPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.syslogPort = syslogPort;
    }

    /** Starts {@code medsoc <command> --data-dir dir ...} in a new JVM on the test class path and waits for health. */
    static NodeProcess start(Path dataDir, int httpPort, int syslogPort, String... extraArgs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java, "-Xmx768m", "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.medsoc.server.Main"));
        cmd.addAll(List.of(extraArgs));
        cmd.addAll(List.of("--data-dir", dataDir.toString(), "--http-port", Integer.toString(httpPort),
                "--syslog-port", Integer.toString(syslogPort)));
        Path log = Files.createTempFile("medsoc-node", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MEDSOC_BOOTSTRAP_TOKEN", TOKEN);
        NodeProcess node = new NodeProcess(pb.start(), log, httpPort, syslogPort);
        node.awaitHealthy(Duration.ofSeconds(60));
        return node;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    void awaitHealthy(Duration timeout) throws Exception {
        awaitTrue(timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                return client.send(HttpRequest.newBuilder(URI.create(base() + "/health")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "node to answer /health");
    }

    String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Total of events matching a query string. */
    long count(String query) throws IOException, InterruptedException {
        return getJson("/api/v1/events?limit=0&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .get("total")
                .asLong();
    }

    HttpResponse<String> ingest(String ndjson) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/ingest"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code pathAndQuery} until its JSON satisfies {@code condition}; answers that JSON. */
    JsonNode awaitJson(Duration timeout, String pathAndQuery, java.util.function.Predicate<JsonNode> condition,
            String what) throws InterruptedException {
        Object[] last = new Object[1];
        try {
            await(timeout, () -> {
                try {
                    JsonNode json = getJson(pathAndQuery);
                    last[0] = json;
                    return condition.test(json);
                } catch (Exception e) {
                    last[0] = e;
                    return false;
                }
            }, what);
        } catch (AssertionError e) {
            throw new AssertionError("last answer of " + pathAndQuery + ": " + last[0] + "\n" + e.getMessage(), e);
        }
        return (JsonNode) last[0];
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
        }
    }

    /** Like {@link #awaitTrue(Duration, BooleanSupplier, String)}, with the node's output in the failure message. */
    void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        try {
            awaitTrue(timeout, condition, what);
        } catch (AssertionError e) {
            String out = output();
            throw new AssertionError(e.getMessage() + "\n--- node output (last 4000 chars) ---\n"
                    + out.substring(Math.max(0, out.length() - 4000)), e);
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
