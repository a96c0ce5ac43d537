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
 * hospital's traffic, then keeps feeding live traffic until interrupted, and prints how to search it. With {@code
 * --hub}: a hub and {@code --hospitals} hospital nodes linked to it, in this process (see {@link HubDemo}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {
        "Start a node and feed it realistic hospital traffic.",
        "With --hub: a hub (district commission / MSS provider) and its member hospitals on one machine."})
final class DemoCommand implements Runnable {
    @CommandLine.Mixin
    Main.NodeOptions options = new Main.NodeOptions();

    @Option(names = "--backlog", description = "Events of the past hour loaded at start (default 5000; with --hub "
            + "1000 per hospital)")
    @org.jspecify.annotations.Nullable Integer backlog;

    @Option(names = "--rate", description = "Live events per second afterwards (default 50; with --hub 10 per "
            + "hospital; 0 = none)")
    @org.jspecify.annotations.Nullable Integer rate;

    @Option(names = "--hub", description = "Start a hub and its member hospital nodes (HTTP ports after the hub's), "
            + "linked, each fed its own attacks, with an example warning from the hub")
    boolean hub;

    @Option(names = "--hospitals", defaultValue = "3", description = "Hospital nodes with --hub (default "
            + "${DEFAULT-VALUE}, at most " + HubDemo.MAX_HOSPITALS + ")")
    int hospitals;

    @Option(names = "--exit-after-backlog", description = "Stop after the backlog is searchable (for scripts and tests)")
    boolean exitAfterBacklog;

    @Override
    public void run() {
        if (hub) {
            runHub();
            return;
        }
        int backlog = this.backlog != null ? this.backlog : 5000;
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
                liveTraffic(sender, traffic, rate != null ? rate : 50);
            }
        } catch (IOException e) {
            System.err.println("medsoc demo: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Main.awaitShutdown(node);
    }

    /** {@code demo --hub}: the hub, its hospitals and their traffic, until interrupted. */
    private void runHub() {
        if (options.role != null && !options.role.equals("hub")) {
            throw new org.medsoc.spi.error.MedsocException(org.medsoc.common.CommonErrorCode.INVALID_CONFIGURATION,
                    "demo --hub starts a hub and its hospitals; leave out --role " + options.role);
        }
        NodeConfig config = options.toConfig(Path.of("data", "demo"));
        HubDemo demo = HubDemo.start(config, hospitals, backlog != null ? backlog : 1000, rate != null ? rate : 10);
        demo.printBanner(System.out);
        if (exitAfterBacklog) {
            demo.close();
            return;
        }
        demo.awaitShutdown();
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

    private static void liveTraffic(TrafficSender sender, HospitalTraffic traffic, int rate) {
        if (rate <= 0) {
            return;
        }
        Thread.ofPlatform().daemon().name("demo-traffic").start(() -> {
            try {
                liveLoop(sender, traffic, rate);
            } catch (IOException | RuntimeException e) {
                System.err.println("medsoc demo: live traffic stopped: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Sends {@code rate} lines a second (syslog and HTTP bulk) until the thread is interrupted; 0 sends nothing. */
    static void liveLoop(TrafficSender sender, HospitalTraffic traffic, int rate)
            throws IOException, InterruptedException {
        if (rate <= 0) {
            return;
        }
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
    }

    static void send(TrafficSender sender, List<String> http, HospitalTraffic.Line line) throws IOException {
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
