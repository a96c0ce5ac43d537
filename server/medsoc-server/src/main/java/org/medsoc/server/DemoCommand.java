package org.medsoc.server;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medsoc demo}: starts a node on embedded defaults (data in {@code ./data/demo}), loads the last hour of a
 * hospital's traffic, then keeps feeding live traffic until interrupted, and prints how to search it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start a node and feed it realistic hospital traffic.")
final class DemoCommand implements Runnable {
    @CommandLine.Mixin
    Main.NodeOptions options = new Main.NodeOptions();

    @Option(names = "--backlog", defaultValue = "5000", description = "Events of the past hour loaded at start (default ${DEFAULT-VALUE})")
    int backlog;

    @Option(names = "--rate", defaultValue = "50", description = "Live events per second afterwards (default ${DEFAULT-VALUE}; 0 = none)")
    int rate;

    @Option(names = "--exit-after-backlog", description = "Stop after the backlog is searchable (for scripts and tests)")
    boolean exitAfterBacklog;

    @Override
    public void run() {
        NodeConfig config = withDemoDetection(options.toConfig(Path.of("data", "demo")));
        Node node = Node.start(config);
        try {
            String envToken = System.getenv(Node.BOOTSTRAP_TOKEN_ENV);
            String token = envToken != null && !envToken.isBlank()
                    ? envToken.trim()
                    : java.nio.file.Files.readString(node.tokenFile()).trim();
            HospitalTraffic traffic = new HospitalTraffic(System.nanoTime(), config.zone());
            Instant now = Instant.now();
            long base = node.journal().lastSequence();
            TrafficSender sender = new TrafficSender("127.0.0.1", node.syslogPort(), node.baseUrl(), token);
            {
                List<String> http = new ArrayList<>();
                for (int i = 0; i < backlog; i++) {
                    Instant t = now.minus(Duration.ofMillis((long) (backlog - i) * 3_600_000L / Math.max(1, backlog)));
                    send(sender, http, traffic.next(t));
                }
                sender.flush();
                sender.bulk(http);
                // wait until the syslog frames reached the journal, then until everything is stored and visible
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (node.journal().lastSequence() < base + backlog && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long last = node.journal().lastSequence();
                node.pipeline().awaitProcessed(last, Duration.ofSeconds(60));
                node.store().refresh();
                printWelcome(node, config);
                if (exitAfterBacklog) {
                    sender.close();
                    node.close();
                    return;
                }
                liveTraffic(sender, traffic);
            }
        } catch (IOException e) {
            System.err.println("medsoc demo: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Main.awaitShutdown(node);
    }

    /**
     * The configuration plus the demo hospital's detection settings ({@link HospitalTraffic#DEMO_SETTINGS}: the
     * networks of the healthcare rules' placeholders) for each key the configuration leaves unset.
     */
    static NodeConfig withDemoDetection(NodeConfig config) {
        Map<String, String> defaults = new LinkedHashMap<>();
        HospitalTraffic.DEMO_SETTINGS.forEach((key, value) -> {
            if (config.settings().find(key).isEmpty()) {
                defaults.put(key, value);
            }
        });
        return new NodeConfig(config.settings().with(defaults));
    }

    private void liveTraffic(TrafficSender sender, HospitalTraffic traffic) throws IOException, InterruptedException {
        if (rate <= 0) {
            return;
        }
        Thread.ofPlatform().daemon().name("demo-traffic").start(() -> {
            try {
                List<String> http = new ArrayList<>();
                while (!Thread.currentThread().isInterrupted()) {
                    long start = System.nanoTime();
                    for (int i = 0; i < rate; i++) {
                        send(sender, http, traffic.next(Instant.now()));
                    }
                    sender.flush();
                    sender.bulk(http);
                    http.clear();
                    long sleep = 1_000 - (System.nanoTime() - start) / 1_000_000;
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("medsoc demo: live traffic stopped: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void send(TrafficSender sender, List<String> http, HospitalTraffic.Line line) throws IOException {
        switch (line.channel()) {
            case SYSLOG -> sender.syslog(line.text());
            case HTTP -> http.add(line.text());
        }
    }

    private static void printWelcome(Node node, NodeConfig config) {
        String base = node.baseUrl();
        String auth = System.getenv(Node.BOOTSTRAP_TOKEN_ENV) != null
                ? "-H \"Authorization: Bearer $" + Node.BOOTSTRAP_TOKEN_ENV + "\""
                : "-H \"Authorization: Bearer $(cat " + node.tokenFile() + ")\"";
        var stats = node.pipeline().stats();
        System.out.println();
        System.out.println("medsoc demo is running — " + stats.parsed() + " events, " + node.pipeline().alerts()
                + " alerts and " + stats.deadLettered() + " dead letters stored so far, live traffic continues.");
        long incidents = node.incidents().list(config.tenant(),
                org.medsoc.incident.IncidentQuery.fromParameters(java.util.Map.of())).total();
        System.out.println("  " + incidents + " incidents are open for triage, each with its SLA clock (respond in 30 min, "
                + "clear the same day).");
        System.out.println("  API      " + base + "   (token in " + node.tokenFile() + ")");
        System.out.println("  login    user '" + Node.ADMIN_USER + "', password in "
                + config.dataDir().resolve("admin-password") + " (or $" + Node.ADMIN_PASSWORD_ENV + ")");
        System.out.println("  syslog   udp+tcp port " + node.syslogPort() + "   data " + config.dataDir());
        System.out.println();
        System.out.println("Try:");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/events?limit=5'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/events?q="
                + URLEncoder.encode("source.ip:203.0.113.66", StandardCharsets.UTF_8) + "&limit=20'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/events?q="
                + URLEncoder.encode("event.outcome:failure AND event.category:authentication", StandardCharsets.UTF_8)
                + "'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/events/top?field=destination.port&size=5'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/events/histogram?interval=5m&from=now-1h'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/alerts?limit=5'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/alerts/top?field=rule.name'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/deadletters'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/incidents?sort=-severity&limit=5'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/incidents/overdue'");
        System.out.println("  curl -s " + auth + " '" + base + "/api/v1/rules?q=his'");
        System.out.println("  curl -s " + base + "/metrics | grep medsoc_pipeline");
        System.out.println("Stop with Ctrl-C.");
    }
}
