package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.medsoc.api.ApiRouting;
import org.medsoc.api.BootstrapToken;
import org.medsoc.api.TenantResolver;
import org.medsoc.detect.Detector;
import org.medsoc.detect.RuleSets;
import org.medsoc.detect.SigmaRule;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.ingest.FileTailConfig;
import org.medsoc.ingest.FileTailReceiver;
import org.medsoc.ingest.MessageSink;
import org.medsoc.ingest.Receiver;
import org.medsoc.ingest.SyslogConfig;
import org.medsoc.ingest.SyslogTcpReceiver;
import org.medsoc.ingest.SyslogUdpReceiver;
import org.medsoc.ingest.TlsContexts;
import org.medsoc.ingest.pipeline.IngestPipeline;
import org.medsoc.ingest.pipeline.PipelineConfig;
import org.medsoc.journal.Journal;
import org.medsoc.journal.JournalConfig;
import org.medsoc.parse.LogParser;
import org.medsoc.parse.SourceProfile;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.store.EventStore;
import org.medsoc.store.Retention;
import org.medsoc.store.RetentionPolicy;
import org.medsoc.store.lucene.LuceneEventStore;
import org.medsoc.store.lucene.LuceneStoreConfig;

/**
 * A running node: journal, event store, parser, pipeline, receivers, HTTP API and retention, wired by hand
 * (constructor injection, no container).
 *
 * <p>Start order follows the data: store, journal, pipeline (which replays what the journal holds beyond its
 * checkpoint), then the listeners. Close order is the reverse, so that everything accepted is committed.
 */
public final class Node implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());
    /** Environment variable holding the initial API token. */
    public static final String BOOTSTRAP_TOKEN_ENV = "MEDSOC_BOOTSTRAP_TOKEN";

    private final NodeConfig config;
    private final EventStore store;
    private final Journal journal;
    private final IngestPipeline pipeline;
    private final Detector detector;
    private final List<Receiver> receivers = new ArrayList<>();
    private final NodeMetrics metrics;
    private final WebServer http;
    private final ScheduledExecutorService scheduler;
    private final Path tokenFile;
    private final Instant started = Instant.now();

    private Node(NodeConfig config, String bootstrapToken) {
        this.config = requireNonNull(config, "config is null");
        Path data = config.dataDir();
        createDirectories(data);
        var settings = config.settings();
        this.tokenFile = data.resolve("bootstrap-token");
        this.store = LuceneEventStore.open(LuceneStoreConfig.fromSettings(data.resolve("events"), settings));
        this.journal = Journal.open(JournalConfig.fromSettings(data.resolve("journal"), settings));
        LogParser parser = LogParser.create(
                SourceProfile.fromSettings(settings), config.zone(), config.maxMessageBytes());
        this.pipeline = new IngestPipeline(journal, parser, store, PipelineConfig.fromSettings(settings));
        this.detector = loadDetector(settings);
        pipeline.detector(detector);
        this.metrics = new NodeMetrics(this);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("node-scheduler").daemon().factory());
        pipeline.start();

        MessageSink sink = journal::append;
        if (config.syslogEnabled()) {
            SyslogConfig syslog = SyslogConfig.fromSettings(settings);
            if (settings.find("ingest.syslog.tenant").isEmpty()) {
                syslog = syslog.withTenants(config.tenant(), syslog.tenantMappings());
            }
            if (settings.find("ingest.syslog.max-message-size").isEmpty()) {
                syslog = syslog.withMaxMessageBytes(config.maxMessageBytes());
            }
            receivers.add(SyslogUdpReceiver.create(syslog, sink));
            receivers.add(SyslogTcpReceiver.create(syslog, sink));
            var tls = TlsContexts.fromSettings(settings);
            if (tls.isPresent()) {
                SyslogConfig tlsConfig = syslog.withPort(SyslogConfig.tlsFromSettings(settings).port());
                receivers.add(SyslogTcpReceiver.createTls(tlsConfig, tls.get(), sink));
            }
        }
        if (config.fileTailDir().isPresent()) {
            receivers.add(FileTailReceiver.create(
                    FileTailConfig.defaults(config.fileTailDir().get(), data.resolve("file-tail.state"))
                            .withGlob(settings.string("ingest.file.glob", "*.log"))
                            .withTenant(config.tenant())
                            .withMaxMessageBytes(config.maxMessageBytes()),
                    sink));
        }
        for (Receiver r : receivers) {
            r.start();
        }
        metrics.bind();

        ApiRouting.Components components = new ApiRouting.Components(
                store,
                journal::appendDurably,
                BootstrapToken.of(bootstrapToken),
                new TenantResolver(config.tenant()),
                this::health,
                metrics::scrape,
                config.metricsPublic(),
                config.maxBodyBytes(),
                config.maxMessageBytes(),
                System::currentTimeMillis);
        HttpRouting.Builder routing = ApiRouting.withNotFound(ApiRouting.create(components));
        this.http = WebServer.builder()
                .host(config.httpBind())
                .port(config.httpPort())
                .routing(routing)
                .maxPayloadSize(config.maxBodyBytes() + 1024L)
                .build()
                .start();

        RetentionPolicy retention = RetentionPolicy.fromSettings(settings);
        scheduler.scheduleWithFixedDelay(() -> applyRetention(retention), 1, 10, TimeUnit.MINUTES);
        LOG.log(Level.INFO, "medsoc node started: data " + data + ", http " + config.httpBind() + ":" + http.port()
                + (config.syslogEnabled() ? ", syslog udp+tcp " + syslogPort() : ""));
    }

    /** Starts a node; the API token is {@code MEDSOC_BOOTSTRAP_TOKEN} or the one kept in the data directory. */
    public static Node start(NodeConfig config) {
        return start(config, System.getenv(BOOTSTRAP_TOKEN_ENV));
    }

    /** Starts a node with an explicit bootstrap token, or (null) the one in the data directory, created if absent. */
    public static Node start(NodeConfig config, @org.jspecify.annotations.Nullable String bootstrapToken) {
        String token = bootstrapToken != null && !bootstrapToken.isBlank()
                ? bootstrapToken.trim()
                : storedToken(config.dataDir().resolve("bootstrap-token"));
        return new Node(config, token);
    }

    /**
     * The rules events pass through: medsoc's built-in rules (unless {@code detect.builtin=false}) plus every folder
     * in {@code detect.rules} (comma-separated). Refused rules are logged with their reason.
     */
    private static Detector loadDetector(org.medsoc.common.Settings settings) {
        List<SigmaRule> rules = new ArrayList<>();
        List<Detector.Refusal> refused = new ArrayList<>();
        if (settings.bool("detect.builtin", true)) {
            RuleSets.Loaded builtin = RuleSets.builtin();
            rules.addAll(builtin.rules());
            refused.addAll(builtin.refused());
        }
        for (String dir : settings.string("detect.rules", "").split(",")) {
            if (!dir.isBlank()) {
                RuleSets.Loaded loaded = RuleSets.folder(Path.of(dir.strip()));
                rules.addAll(loaded.rules());
                refused.addAll(loaded.refused());
            }
        }
        Detector d = Detector.create(rules, MappingPipeline.loadDefaults());
        refused.addAll(d.refused());
        for (Detector.Refusal r : refused) {
            LOG.log(Level.WARNING, "rule " + r.rule() + " not loaded: " + r.reason());
        }
        LOG.log(Level.INFO, "detection: " + d.ruleCount() + " rules over " + d.logSourceCount() + " log sources, "
                + refused.size() + " refused");
        return d;
    }

    private static String storedToken(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            createDirectories(file.getParent());
            String token = BootstrapToken.generate();
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions apply
            }
            LOG.log(Level.INFO, "generated an API token and stored it in " + file + " (readable by this user only)");
            return token;
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot read or create " + file + ": " + e, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot create directory " + dir + ": " + e, e);
        }
    }

    private void applyRetention(RetentionPolicy policy) {
        try {
            Retention.apply(store, policy, Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "retention failed: " + e.getMessage(), e);
        }
    }

    /** Health snapshot served at /health. */
    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        var p = pipeline.stats();
        var j = journal.stats();
        h.put("status", "UP");
        h.put("started", started.toString());
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("journal", j);
        components.put("pipeline", p);
        List<Object> rs = new ArrayList<>();
        for (Receiver r : receivers) {
            rs.add(r.stats());
        }
        components.put("receivers", rs);
        components.put("partitions", store.partitions().size());
        components.put("detection", Map.of("rules", detector.ruleCount(), "alerts", pipeline.alerts()));
        h.put("components", components);
        return h;
    }

    /** The Prometheus exposition served at /metrics. */
    String metricsText() {
        return metrics.scrape();
    }

    public int httpPort() {
        return http.port();
    }

    /** The bound syslog UDP port (equal to the TCP one unless the configured port was 0), or -1 when off. */
    public int syslogUdpPort() {
        for (Receiver r : receivers) {
            if (r instanceof SyslogUdpReceiver u) {
                return u.port();
            }
        }
        return -1;
    }

    /** The bound syslog TCP port (UDP listens on the same configured port), or -1 when syslog is off. */
    public int syslogPort() {
        for (Receiver r : receivers) {
            if (r instanceof SyslogTcpReceiver t) {
                return t.port();
            }
        }
        return -1;
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public NodeConfig config() {
        return config;
    }

    public EventStore store() {
        return store;
    }

    public Journal journal() {
        return journal;
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }

    public List<Receiver> receivers() {
        return List.copyOf(receivers);
    }

    /** A printable address for the HTTP API. */
    public String baseUrl() {
        String host = config.httpBind().equals("0.0.0.0") ? InetAddress.getLoopbackAddress().getHostAddress()
                : config.httpBind();
        return "http://" + host + ":" + httpPort();
    }

    @Override
    public void close() {
        LOG.log(Level.INFO, "medsoc node stopping");
        http.stop();
        for (Receiver r : receivers) {
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing " + r.name() + " failed: " + e.getMessage(), e);
            }
        }
        pipeline.close();
        journal.close();
        store.close();
        scheduler.shutdownNow();
        LOG.log(Level.INFO, "medsoc node stopped");
    }
}
