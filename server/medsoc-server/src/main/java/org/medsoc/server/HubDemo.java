package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.federation.DirectiveBody;
import org.medsoc.federation.EnrolmentCode;
import org.medsoc.federation.FederationHub;
import org.medsoc.federation.Target;
import org.medsoc.federation.WarningDelivery;
import org.medsoc.federation.WarningState;
import org.medsoc.identity.NewTenant;
import org.medsoc.identity.Principal;
import org.medsoc.server.HospitalTraffic.Attack;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * {@code medsoc demo --hub}: the two-tier workflow on one machine, in one JVM. A hub node (role hub, data in {@code
 * <demo>/hub}, the usual HTTP port, no syslog) and N hospital nodes (data in {@code <demo>/hospital-<i>}, HTTP ports
 * after the hub's, their own syslog ports), each hospital a member tenant of the hub's region tenant, enrolled with a
 * one-time code issued through the hub's services. Every hospital gets the demo's traffic with its own attack mix
 * (the first two are hit by the same attacker, {@value #SHARED_ATTACKER}), and the hub sends one example warning to
 * all of them. The federation runs on short demo intervals (heartbeat 10 s, link 2 s, posture 30 s).
 */
final class HubDemo implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HubDemo.class.getName());
    /** The attacker seen at the first two hospitals (and nowhere else): what a region-wide trace finds. */
    static final String SHARED_ATTACKER = "203.0.113.66";
    /** The title of the example warning the hub sends at start. */
    static final String WARNING_TITLE = "Ransomware campaign against PACS";
    /** The hub's own tenant (the district health commission), parent of every hospital tenant. */
    static final TenantId REGION = TenantId.of("region");
    static final int MAX_HOSPITALS = 20;
    /** Federation settings of the demo's hospitals: short intervals, so that the region view fills in seconds. */
    static final Map<String, String> LINK_SETTINGS = Map.of(
            "federation.heartbeat.interval", "10s",
            "federation.link.interval", "2s",
            "federation.link.retry-initial", "500ms",
            "federation.link.retry-max", "10s",
            "federation.posture.interval", "30s");

    /** One demo hospital: its tenant at the hub (and on its own node), display name, attacker and attack mix. */
    record Hospital(TenantId tenant, String name, HospitalTraffic.Profile profile) {
        Hospital {
            requireNonNull(tenant, "tenant is null");
            requireNonNull(name, "name is null");
            requireNonNull(profile, "profile is null");
        }
    }

    /** The first {@code count} demo hospitals, each with a different attack mix. */
    static List<Hospital> hospitals(int count) {
        if (count < 1 || count > MAX_HOSPITALS) {
            throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION,
                    "--hospitals must be 1 to " + MAX_HOSPITALS + ", was " + count);
        }
        List<Hospital> all = new ArrayList<>();
        // ransomware precursors and scanning: critical and high incidents, the highest risk of the region; a few
        // malformed lines make its health DEGRADED (dead letters)
        all.add(new Hospital(TenantId.of("city-no1"), "市第一人民医院 City No.1 Hospital", new HospitalTraffic.Profile(
                SHARED_ATTACKER, EnumSet.of(Attack.SCANNING, Attack.MALWARE, Attack.DATA_MISUSE), true)));
        // the same attacker tries the HIS portal and SSH: high and medium incidents
        all.add(new Hospital(TenantId.of("city-tcm"), "市中医院 City TCM Hospital", new HospitalTraffic.Profile(
                SHARED_ATTACKER, EnumSet.of(Attack.WEB_ATTACKS, Attack.BRUTE_FORCE), false)));
        // only misuse of clinical data and vendor access: medium and low incidents
        all.add(new Hospital(TenantId.of("district-mch"), "区妇幼保健院 District Maternal and Child Health Hospital",
                new HospitalTraffic.Profile("192.0.2.145", EnumSet.of(Attack.DATA_MISUSE), false)));
        List<EnumSet<Attack>> mixes = List.of(EnumSet.of(Attack.BRUTE_FORCE, Attack.DATA_MISUSE),
                EnumSet.of(Attack.WEB_ATTACKS), EnumSet.of(Attack.SCANNING, Attack.BRUTE_FORCE),
                EnumSet.of(Attack.MALWARE));
        for (int i = 4; i <= count; i++) {
            all.add(new Hospital(TenantId.of("hospital-" + i), "第" + i + "医院 Hospital No." + i,
                    new HospitalTraffic.Profile("192.0.2." + (140 + i), mixes.get(i % mixes.size()), i % 2 == 0)));
        }
        return List.copyOf(all.subList(0, count));
    }

    private final Node hub;
    private final List<Hospital> hospitals;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Thread> feeders = new ArrayList<>();
    private final List<TrafficSender> senders = new ArrayList<>();
    private final List<WarningDelivery> warning = new ArrayList<>();
    private boolean closed;

    private HubDemo(Node hub, List<Hospital> hospitals) {
        this.hub = hub;
        this.hospitals = hospitals;
    }

    /**
     * Starts the hub and the hospitals, loads {@code backlog} events of the past hour into each hospital, keeps
     * feeding {@code rate} events per second to each, waits (up to a minute) for every hospital to enrol and sends
     * the example warning. {@code base} is the demo's configuration: its data directory holds the nodes' own, its
     * HTTP and syslog ports are the first of the hospitals' ports.
     */
    static HubDemo start(NodeConfig base, int count, int backlog, int rate) {
        List<Hospital> hospitals = hospitals(count);
        Path demo = base.dataDir();
        Path hubData = demo.resolve("hub");
        List<Path> stale = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (Files.isDirectory(hospitalDir(demo, i))) {
                stale.add(hospitalDir(demo, i));
            }
        }
        if (!Files.isDirectory(hubData) && !stale.isEmpty()) {
            throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, "the demo hub's data directory "
                    + hubData + " is missing but hospital data is there " + stale + " (enrolled at a hub that is "
                    + "gone); delete " + demo + " or choose another --data-dir");
        }
        Map<String, String> hubSettings = new LinkedHashMap<>();
        hubSettings.put("node.data-dir", hubData.toString());
        hubSettings.put("node.role", "hub");
        hubSettings.put("ingest.syslog.enabled", "false");
        if (base.settings().find("node.tenant").isEmpty()) {
            hubSettings.put("node.tenant", REGION.value());
        }
        NodeConfig hubConfig = DemoCommand.withDemoDetection(new NodeConfig(base.settings().with(hubSettings)));
        Node hubNode = Node.start(hubConfig);
        HubDemo demoRun = new HubDemo(hubNode, hospitals);
        try {
            demoRun.startHospitals(base, backlog, rate);
        } catch (RuntimeException e) {
            demoRun.close();
            throw e;
        }
        return demoRun;
    }

    private static Path hospitalDir(Path demo, int i) {
        return demo.resolve("hospital-" + i);
    }

    private void startHospitals(NodeConfig base, int backlog, int rate) {
        FederationHub federation = hub.federationHub().orElseThrow();
        TenantId region = hub.config().tenant();
        Principal operator = hub.identity().bootstrapPrincipal(region);
        if (hub.identity().findTenant(operator, region).map(t -> t.name().equals(region.value())).orElse(false)) {
            hub.identity().renameTenant(operator, region, "市卫健委 District Health Commission");
        }
        int hubPort = hub.httpPort();
        int syslogBase = base.settings().integer("ingest.syslog.port", 1514);
        boolean fixedHttp = base.settings().integer("http.port", 8080) != 0;
        CountDownLatch loaded = new CountDownLatch(hospitals.size());
        for (int i = 1; i <= hospitals.size(); i++) {
            Hospital h = hospitals.get(i - 1);
            if (!hub.identity().tenantIds().contains(h.tenant())) {
                hub.identity().createTenant(operator, NewTenant.memberOf(region, h.tenant(), h.name()));
            }
            Map<String, String> s = new LinkedHashMap<>(HospitalTraffic.DEMO_SETTINGS);
            s.putAll(LINK_SETTINGS);
            base.settings().find("node.timezone").ifPresent(z -> s.put("node.timezone", z));
            s.put("node.data-dir", hospitalDir(base.dataDir(), i).toString());
            s.put("node.tenant", h.tenant().value());
            s.put("http.bind", base.httpBind());
            s.put("http.port", Integer.toString(fixedHttp ? freeOrAny(base.httpBind(), hubPort + i, false) : 0));
            s.put("ingest.syslog.port", Integer.toString(syslogBase == 0 ? 0
                    : freeOrAny(base.httpBind(), syslogBase + i - 1, true)));
            s.put("federation.hub-url", hub.baseUrl());
            if (federation.registry().active(h.tenant()).isEmpty()) {
                EnrolmentCode code = federation.registry().issueCode(h.tenant(), h.name(), Duration.ofHours(1));
                s.put("federation.enrolment-code", code.code());
            }
            Node node = Node.start(new NodeConfig(org.medsoc.common.Settings.of(s)));
            nodes.add(node);
            feed(node, h, i, backlog, rate, loaded);
        }
        awaitEnrolled(federation);
        sendWarning(federation);
        try {
            if (!loaded.await(90, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the hospitals' backlog is still loading; the demo continues");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The port if nothing listens on it (TCP, and UDP too for syslog), else 0 (any free port). */
    private static int freeOrAny(String bind, int port, boolean udp) {
        if (port <= 0 || port > 65_535) {
            return 0;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (IOException e) {
            return port;
        }
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            return 0;
        }
        if (udp) {
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(address, port))) {
                return port;
            } catch (IOException e) {
                return 0;
            }
        }
        return port;
    }

    /** A thread that loads the backlog into one hospital and then feeds it live traffic until the demo closes. */
    private void feed(Node node, Hospital h, int index, int backlog, int rate, CountDownLatch loaded) {
        Thread t = Thread.ofPlatform().daemon().name("demo-traffic-" + h.tenant().value()).start(() -> {
            boolean counted = false;
            try {
                String token = token(node);
                TrafficSender sender = new TrafficSender("127.0.0.1", node.syslogPort(), node.baseUrl(), token);
                synchronized (senders) {
                    if (closed) {
                        sender.close();
                        return;
                    }
                    senders.add(sender);
                }
                HospitalTraffic traffic = new HospitalTraffic(System.nanoTime() + index, node.config().zone(),
                        h.profile());
                long start = node.journal().lastSequence();
                Instant now = Instant.now();
                List<String> http = new ArrayList<>();
                for (int i = 0; i < backlog; i++) {
                    Instant at = now.minus(Duration.ofMillis((long) (backlog - i) * 3_600_000L / Math.max(1, backlog)));
                    DemoCommand.send(sender, http, traffic.next(at));
                }
                sender.flush();
                sender.bulk(http);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (node.journal().lastSequence() < start + backlog && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                node.pipeline().awaitProcessed(node.journal().lastSequence(), Duration.ofSeconds(60));
                node.store().refresh();
                loaded.countDown();
                counted = true;
                DemoCommand.liveLoop(sender, traffic, rate);
            } catch (IOException | RuntimeException e) {
                if (!isClosed()) {
                    LOG.log(Level.WARNING, "demo traffic to " + h.name() + " stopped: " + e.getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!counted) {
                    loaded.countDown();
                }
            }
        });
        feeders.add(t);
    }

    private boolean isClosed() {
        synchronized (senders) {
            return closed;
        }
    }

    private static String token(Node node) throws IOException {
        String env = System.getenv(Node.BOOTSTRAP_TOKEN_ENV);
        return env != null && !env.isBlank() ? env.trim()
                : Files.readString(node.tokenFile(), StandardCharsets.UTF_8).trim();
    }

    /** Waits up to a minute until every hospital is an active member of the hub. */
    private void awaitEnrolled(FederationHub federation) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (hospitals.stream().allMatch(h -> !federation.registry().active(h.tenant()).isEmpty())) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.log(Level.WARNING, "not every demo hospital enrolled at the hub within a minute; see the log above");
    }

    /**
     * Sends the example warning to every enrolled hospital, unless an earlier start of the demo sent it and it is
     * not yet disposed of everywhere.
     */
    private void sendWarning(FederationHub federation) {
        Set<TenantId> tenants = new LinkedHashSet<>();
        for (Hospital h : hospitals) {
            if (!federation.registry().active(h.tenant()).isEmpty()) {
                tenants.add(h.tenant());
            }
        }
        if (tenants.isEmpty()) {
            return;
        }
        List<WarningDelivery> open = federation.directives().warnings(tenants).stream()
                .filter(d -> d.title().equals(WARNING_TITLE) && d.state() != WarningState.DISPOSED
                        && d.state() != WarningState.VERIFIED)
                .toList();
        if (!open.isEmpty()) {
            warning.addAll(open);
            return;
        }
        Instant deadline = Instant.now().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.MINUTES);
        var issued = federation.directives().issue(new DirectiveBody.Warning(WARNING_TITLE,
                "A ransomware group is encrypting PACS image archives in the region: it enters through exposed SMB "
                        + "and RDP, steals credentials with mimikatz and deletes shadow copies before encrypting. "
                        + "Attack traffic has come from " + SHARED_ATTACKER + ".",
                "high",
                List.of("Block " + SHARED_ATTACKER + " at the border firewall",
                        "Check PACS and imaging-share servers for vssadmin, mimikatz and encoded PowerShell",
                        "Confirm offline backups of the PACS archive and report the result"),
                deadline), new Target.Tenants(tenants), "demo");
        warning.addAll(federation.directives().warning(issued.id()));
    }

    /** Prints where everything is and three things to try. */
    void printBanner(PrintStream out) {
        String hubUrl = hub.baseUrl();
        String env = System.getenv(Node.BOOTSTRAP_TOKEN_ENV);
        out.println();
        out.println("medsoc hub demo is running — a hub and " + nodes.size() + " hospital node(s) in this process, "
                + "live traffic continues.");
        TenantId region = hub.config().tenant();
        String regionName = hub.identity().findTenant(hub.identity().bootstrapPrincipal(region), region)
                .map(t -> t.name()).orElse(region.value());
        out.println("  " + String.format(Locale.ROOT, "%-14s", region.value()) + hubUrl + "/   hub of " + regionName
                + "; region view " + hubUrl + "/hub");
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            Hospital h = hospitals.get(i);
            out.println("  " + String.format(Locale.ROOT, "%-14s", h.tenant().value()) + n.baseUrl() + "/   "
                    + h.name() + "; syslog " + n.syslogPort() + "; attacks " + attacks(h.profile()) + " from "
                    + h.profile().attacker());
        }
        Path hubDir = hub.config().dataDir();
        String hospitalDirs = hubDir.resolveSibling("hospital-<n>").toString();
        boolean envPassword = System.getenv(Node.ADMIN_PASSWORD_ENV) != null;
        out.println("  sign in       user '" + Node.ADMIN_USER + "' on each node; password "
                + (envPassword ? "$" + Node.ADMIN_PASSWORD_ENV : "in " + hubDir.resolve("admin-password") + " (hub) and "
                        + hospitalDirs + "/admin-password"));
        out.println("  API token     " + (env != null && !env.isBlank() ? "$" + Node.BOOTSTRAP_TOKEN_ENV + " (every node)"
                : "in " + hub.tokenFile() + " (hub) and " + hospitalDirs + "/bootstrap-token"));
        if (!warning.isEmpty()) {
            out.println("  warning       \"" + WARNING_TITLE + "\" sent to " + warning.size() + " hospital(s), deadline "
                    + warning.getFirst().deadline() + " (directive " + warning.getFirst().directiveId() + ")");
        }
        out.println();
        out.println("Try:");
        out.println("  1. Open " + hubUrl + "/hub (sign in with the hub's admin): every hospital's heartbeat, risk "
                + "score and open incidents, the region's top threats and the warning's progress.");
        out.println("  2. Trace " + SHARED_ATTACKER + " from the region view: it is found at "
                + String.join(" and ", hospitals.stream().filter(h -> h.profile().attacker().equals(SHARED_ATTACKER))
                        .map(h -> h.tenant().value()).toList()) + " only. Or:");
        String auth = env != null && !env.isBlank() ? "$" + Node.BOOTSTRAP_TOKEN_ENV
                : "$(cat " + hub.tokenFile() + ")";
        out.println("     curl -s -H \"Authorization: Bearer " + auth + "\" -H 'Content-Type: application/json' "
                + hubUrl + "/api/v1/hub/traces -d '{\"indicator\":\"" + SHARED_ATTACKER + "\",\"from\":\""
                + Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS) + "\",\"to\":\""
                + Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS) + "\"}'");
        if (!nodes.isEmpty()) {
            out.println("  3. Open " + hospitals.getFirst().name() + " at " + nodes.getFirst().baseUrl()
                    + "/ (its own admin): the warning is an incident \"" + WARNING_TITLE + "\"; acknowledge it, "
                    + "resolve it with what was done, and watch the hub's warning turn acknowledged, then disposed "
                    + "of — verify it there.");
        }
        out.println("Stop with Ctrl-C.");
    }

    private static String attacks(HospitalTraffic.Profile p) {
        return String.join("+", p.attacks().stream().sorted().map(a -> a.name().toLowerCase(Locale.ROOT)
                .replace('_', '-')).toList());
    }

    /** The hub node. */
    Node hub() {
        return hub;
    }

    /** The hospital nodes, in order. */
    List<Node> hospitalNodes() {
        return List.copyOf(nodes);
    }

    /** Waits until the process is asked to stop (Ctrl-C), then closes everything. */
    void awaitShutdown() {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }, "medsoc-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the traffic, then the hospitals (their links first), then the hub. */
    @Override
    public void close() {
        List<TrafficSender> open;
        synchronized (senders) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(senders);
        }
        for (Thread t : feeders) {
            t.interrupt();
        }
        for (Thread t : feeders) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (TrafficSender s : open) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "closing a demo traffic sender: " + e.getMessage());
            }
        }
        for (Node n : nodes.reversed()) {
            try {
                n.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing " + n.config().dataDir() + " failed: " + e.getMessage(), e);
            }
        }
        hub.close();
    }
}
