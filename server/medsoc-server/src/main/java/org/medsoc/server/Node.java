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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.medsoc.api.ApiRouting;
import org.medsoc.api.AssetsResource;
import org.medsoc.api.AuditResource;
import org.medsoc.api.PlaybooksResource;
import org.medsoc.asset.AssetEnricher;
import org.medsoc.asset.AssetInventory;
import org.medsoc.asset.PassiveDiscovery;
import org.medsoc.asset.PassiveDiscoveryConfig;
import org.medsoc.findings.AdvisoryStore;
import org.medsoc.findings.FindingLedger;
import org.medsoc.intel.IntelLibrary;
import org.medsoc.notify.Notifier;
import org.medsoc.oncall.OnCallDirectory;
import org.medsoc.oncall.Page;
import org.medsoc.oncall.PagingService;
import org.medsoc.incident.Incident;
import org.medsoc.playbook.PlaybookExecutor;
import org.medsoc.api.AuditTrail;
import org.medsoc.api.AuthResource;
import org.medsoc.api.ChannelsResource;
import org.medsoc.api.Authenticator;
import org.medsoc.api.DirectoryResource;
import org.medsoc.api.IncidentsResource;
import org.medsoc.api.AdvisoriesResource;
import org.medsoc.api.IntelResource;
import org.medsoc.api.VulnerabilitiesResource;
import org.medsoc.api.OnCallResource;
import org.medsoc.api.SuppressionsResource;
import org.medsoc.audit.AuditLog;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.identity.IdentityConfig;
import org.medsoc.identity.IdentityService;
import org.medsoc.incident.IncidentService;
import org.medsoc.api.RulesResource;
import org.medsoc.api.BootstrapToken;
import org.medsoc.api.TenantResolver;
import org.medsoc.detect.CorrelationLimits;
import org.medsoc.detect.Detector;
import org.medsoc.detect.Placeholders;
import org.medsoc.detect.RuleLibrary;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.ingest.FileTailConfig;
import org.medsoc.ingest.FileTailReceiver;
import org.medsoc.ingest.MessageSink;
import org.medsoc.ingest.Receiver;
import org.medsoc.ingest.SyslogConfig;
import org.medsoc.ingest.SyslogTcpReceiver;
import org.medsoc.ingest.SyslogUdpReceiver;
import org.medsoc.ingest.TlsContexts;
import org.medsoc.ingest.pipeline.EventEnricher;
import org.medsoc.ingest.pipeline.IngestPipeline;
import org.medsoc.ingest.pipeline.PipelineConfig;
import org.medsoc.ingest.pipeline.WorkingHours;
import org.medsoc.journal.Journal;
import org.medsoc.journal.JournalConfig;
import org.medsoc.parse.LogParser;
import org.medsoc.parse.SourceProfile;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.TenantId;
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
    /** Environment variable holding the first administrator's password (else generated into the data directory). */
    public static final String ADMIN_PASSWORD_ENV = "MEDSOC_ADMIN_PASSWORD";
    /** The first administrator's username. */
    public static final String ADMIN_USER = "admin";

    private final NodeConfig config;
    private final EventStore store;
    private final Journal journal;
    private final IngestPipeline pipeline;
    private final RuleLibrary rules;
    private final List<Receiver> receivers = new ArrayList<>();
    private final NodeMetrics metrics;
    private final WebServer http;
    private final ScheduledExecutorService scheduler;
    private final Path tokenFile;
    private final Database database;
    private final IdentityService identity;
    private final AuditLog audit;
    private final IncidentService incidents;
    private final AssetInventory assets;
    private final PassiveDiscovery discovery;
    private final AssetEnricher assetEnricher;
    private final Notifier notifier;
    private final PlaybookExecutor playbooks;
    private final IntelLibrary intel;
    private final IntelFeeds intelFeeds; // threat intelligence (issue 7)
    private final OnCallDirectory onCall;
    private final FindingLedger findings;
    private final AdvisoryStore advisories;
    private final PagingService paging;
    private final Instant started = Instant.now();
    // federation link (node side, issue 7): reports to and directives from federation.hub-url; see FederationLink
    private final @org.jspecify.annotations.Nullable FederationLink federation;
    // hub role (issue 7): the federation hub of the member hospitals when node.role=hub; see HubRole
    private final @org.jspecify.annotations.Nullable HubRole hubRole;

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
        this.database = Database.open(DatabaseConfig.fromSettings(settings, data));
        Clock clock = Clock.systemUTC();
        this.identity = IdentityService.create(database, IdentityConfig.fromSettings(settings), clock);
        this.audit = AuditLog.create(database, clock);
        this.incidents = IncidentService.create(database, clock, IncidentSettings.policies(settings, config.zone()));
        bootstrapAdministrator(identity, config.tenant(), data.resolve("admin-password"));
        this.assets = AssetInventory.create(database, clock);
        this.assetEnricher = AssetEnricher.create(assets);
        this.discovery = PassiveDiscovery.create(assets, PassiveDiscoveryConfig.fromSettings(settings), clock);
        this.notifier = Notifier.fromSettings(settings);
        this.intel = new IntelLibrary(data.resolve("intel").resolve("bundles"));
        this.onCall = OnCallDirectory.create(notifier.channelNames());
        OnCallResource.loadAll(onCall, data.resolve("oncall"));
        this.paging = PagingService.create(database, notifier, onCall, clock);
        this.findings = FindingLedger.create(database, clock);
        this.advisories = AdvisoryStore.create(database, clock);
        incidents.addListener(new IncidentService.Listener() {
            @Override
            public void opened(Incident incident) {
                page(incident);
            }

            @Override
            public void escalated(Incident incident) {
                page(incident);
            }
        });
        PlaybookExecutor.Builder pb = PlaybookExecutor.builder(database).clock(clock).notifier(notifier)
                .incidents(ResponseConnectors.incidents(incidents)).enrichment(ResponseConnectors.enrichment(assets));
        ResponseConnectors.Webhook.fromSettings(settings, "firewall", clock).ifPresent(pb::firewall);
        ResponseConnectors.Webhook.fromSettings(settings, "edr", clock).ifPresent(pb::edr);
        ResponseConnectors.Webhook.fromSettings(settings, "ticket", clock).ifPresent(pb::tickets);
        this.playbooks = pb.build();
        PlaybookTriggers triggers = new PlaybookTriggers(playbooks, incidents);
        incidents.addListener(triggers);
        IncidentIntake intake = new IncidentIntake(incidents);
        pipeline.alertSink(alerts -> {
            intake.accept(alerts);
            triggers.alerts(alerts);
        });
        this.rules = openRules(settings, data.resolve("rules"), pipeline);
        List<EventEnricher> enrichers = new ArrayList<>(enrichers(settings, config.zone()));
        enrichers.add(assetEnricher);
        enrichers.add(intel::enrich);
        enrichers.add(discovery::accept);
        pipeline.enrichers(enrichers);
        this.metrics = new NodeMetrics(this);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("node-scheduler").daemon().factory());
        // federation link (node side, issue 7): listens to incidents before the pipeline replays the journal
        this.federation = FederationLink.open(this, database, clock, rules, intel, findings).orElse(null);
        this.hubRole = HubRole.open(config, database, identity, clock); // hub role (issue 7)
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

        TenantResolver tenants = new TenantResolver(config.tenant());
        AuditTrail auditTrail = audit::record;
        ApiRouting.Components components = new ApiRouting.Components(
                store,
                journal::appendDurably,
                Authenticator.withBootstrap(BootstrapToken.of(bootstrapToken),
                        () -> identity.bootstrapPrincipal(config.tenant()), identity::authenticate),
                tenants,
                auditTrail,
                this::health,
                metrics::scrape,
                config.metricsPublic(),
                config.maxBodyBytes(),
                config.maxMessageBytes(),
                System::currentTimeMillis);
        HttpRouting.Builder api = ApiRouting.create(components);
        RulesResource rulesResource = new RulesResource(rules, tenants, System::currentTimeMillis);
        api.register("/api/v1/rules", rulesResource.rules());
        api.register("/api/v1/rule-packs", rulesResource.packs());
        api.register("/api/v1/auth", new AuthResource(identity, auditTrail));
        api.register("/api/v1/incidents", new IncidentsResource(incidents, tenants, System::currentTimeMillis,
                this::stopPaging));
        api.register("/api/v1/oncall", new OnCallResource(onCall, paging, tenants, data.resolve("oncall"),
                Instant::now));
        api.register("/api/v1/suppressions", new SuppressionsResource(incidents.suppressions(), tenants));
        DirectoryResource directory = new DirectoryResource(identity);
        api.register("/api/v1/tenants", directory.tenants());
        api.register("/api/v1/users", directory.users());
        api.register("/api/v1/tokens", directory.tokens());
        api.register("/api/v1/audit", new AuditResource(audit, tenants, System::currentTimeMillis));
        api.register("/api/v1/assets", new AssetsResource(assets, tenants));
        PlaybooksResource playbookResource = new PlaybooksResource(playbooks, tenants);
        api.register("/api/v1/playbooks", playbookResource.playbooks());
        api.register("/api/v1/playbook-runs", playbookResource.runs());
        api.register("/api/v1/channels", new ChannelsResource(notifier, tenants));
        // threat intelligence (issue 7): sightings, TAXII 2.1 server at /taxii2, TAXII/MISP feed polling (IntelFeeds)
        this.intelFeeds = IntelFeeds.start(settings, database, intel, config.tenant(), identity::tenantIds, clock);
        api.register("/api/v1/intel", new IntelResource(intel, tenants, intelFeeds.sightings(), intelFeeds::feeds));
        api.register("/taxii2", new org.medsoc.api.TaxiiResource(intelFeeds.taxii()));
        api.register("/api/v1/vulnerabilities", new VulnerabilitiesResource(findings, assets, tenants));
        String advisoryChannel = settings.string("advisory.notify.channel", "");
        // federation link (node side, issue 7)
        api.register("/api/v1/federation", new org.medsoc.api.FederationResource(
                federation != null ? federation : org.medsoc.api.NodeFederation.standalone(), tenants));
        api.register("/api/v1/advisories", new AdvisoriesResource(advisories, assets, tenants,
                (advisory, notice) -> notifyAdvisory(advisoryChannel, advisory, notice)));
        HubRole.register(hubRole, api); // hub role (issue 7): /federation/v1/* and /api/v1/hub, before the console
        // web console at / (after every API route, before the not-found route); see WebConsole
        WebConsole.register(api);
        HttpRouting.Builder routing = ApiRouting.withNotFound(api);
        this.http = WebServer.builder()
                .host(config.httpBind())
                .port(config.httpPort())
                .routing(routing)
                .maxPayloadSize(config.maxBodyBytes() + 1024L)
                .build()
                .start();

        RetentionPolicy retention = RetentionPolicy.fromSettings(settings);
        // federation link (node side, issue 7): a hub policy's retention.* keys replace the configured policy live
        scheduler.scheduleWithFixedDelay(() -> applyRetention(federation == null ? retention
                : federation.retention()), 1, 10, TimeUnit.MINUTES);
        // passive discovery writes from its own background thread (ingest performance, G): no scheduled flush
        scheduler.scheduleWithFixedDelay(() -> guarded("asset snapshot", assetEnricher::refreshAll), 1, 5,
                TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(() -> guarded("SLA breach scan",
                () -> triggers.scanBreaches(java.util.Set.copyOf(identity.tenantIds()))), 1, 1, TimeUnit.MINUTES);
        playbooks.startWorker();
        scheduler.scheduleWithFixedDelay(() -> guarded("paging", paging::runDue), 5, 15, TimeUnit.SECONDS);
        // correlation windows also expire when no new match arrives for their group
        scheduler.scheduleWithFixedDelay(
                () -> rules.active().correlator().expire(System.currentTimeMillis()), 1, 1, TimeUnit.MINUTES);
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
     * The rules events pass through: medsoc's built-in rules (unless {@code detect.builtin=false}), every folder in
     * {@code detect.rules} (comma-separated) and the packs uploaded through the API (kept under {@code
     * <data>/rules}). Every rebuilt rule set goes straight into the pipeline; refused rules are logged with their
     * reason.
     */
    private static RuleLibrary openRules(org.medsoc.common.Settings settings, Path stateDir, IngestPipeline pipeline) {
        List<Path> folders = new ArrayList<>();
        for (String dir : settings.string("detect.rules", "").split(",")) {
            if (!dir.isBlank()) {
                folders.add(Path.of(dir.strip()));
            }
        }
        CorrelationLimits limits = new CorrelationLimits(
                settings.integer("detect.correlation.max-groups", CorrelationLimits.defaults().maxGroupsPerCorrelation()),
                settings.integer("detect.correlation.max-events-per-group",
                        CorrelationLimits.defaults().maxEventsPerGroup()));
        return RuleLibrary.open(stateDir, settings.bool("detect.builtin", true), folders,
                MappingPipeline.loadDefaults(), Placeholders.fromSettings(settings), limits, active -> {
                    pipeline.rules(active);
                    Detector d = active.detector();
                    for (Detector.Refusal r : d.refused()) {
                        LOG.log(Level.WARNING, "rule " + r.rule() + " not loaded: " + r.reason());
                    }
                    for (Detector.Refusal r : active.correlator().refused()) {
                        LOG.log(Level.WARNING, "correlation " + r.rule() + " not loaded: " + r.reason());
                    }
                    d.unresolvedPlaceholders().forEach((rule, names) -> LOG.log(Level.WARNING, "rule " + rule
                            + " uses placeholders without values " + names + "; set detect.placeholder.<name>"));
                    LOG.log(Level.INFO, "detection: " + d.ruleCount() + " rules over " + d.logSourceCount()
                            + " log sources, " + active.correlator().correlations().size() + " correlations, "
                            + (d.refused().size() + active.correlator().refused().size()) + " refused");
                });
    }

    /** Context added to every parsed event: whether it happened outside working hours / in the maintenance window. */
    private static List<EventEnricher> enrichers(org.medsoc.common.Settings settings, java.time.ZoneId zone) {
        List<EventEnricher> list = new ArrayList<>();
        WorkingHours hours = WorkingHours.fromSettings(settings, zone);
        list.add(hours::stampOffHours);
        WorkingHours.maintenanceWindow(settings, zone).ifPresent(w -> list.add(w::stampMaintenanceWindow));
        return list;
    }

    /**
     * Creates the first administrator ({@code admin} on the node's tenant) on first start: its password is {@code
     * MEDSOC_ADMIN_PASSWORD}, else a generated one written to {@code <data>/admin-password} (mode 600). Later starts
     * change nothing.
     */
    private static void bootstrapAdministrator(IdentityService identity, TenantId tenant, Path passwordFile) {
        String env = System.getenv(ADMIN_PASSWORD_ENV);
        String password;
        if (env != null && !env.isBlank()) {
            password = env.strip();
        } else {
            password = storedSecret(passwordFile, "the password of '" + ADMIN_USER + "'");
        }
        if (identity.bootstrapAdmin(tenant, ADMIN_USER, password.toCharArray()) && (env == null || env.isBlank())) {
            LOG.log(Level.INFO, "created administrator '" + ADMIN_USER + "'; its password is in " + passwordFile);
        }
    }

    /** Pages the on-duty engineer of the incident's tenant, if the tenant has an on-call setup (once per incident). */
    private void page(Incident incident) {
        if (onCall.find(incident.tenant()).isEmpty()) {
            return;
        }
        guarded("paging incident " + incident.id(), () -> paging.page(new Page(incident.tenant(),
                Long.toString(incident.id()), incident.title(),
                incident.severity().name().toLowerCase(java.util.Locale.ROOT) + " incident, " + incident.alertCount()
                        + " alert(s); respond by " + incident.sla().responseDue(),
                org.medsoc.notify.Severity.valueOf(incident.severity().name()), java.util.Optional.empty(),
                java.util.Optional.of(incident.sla().responseDue()),
                java.util.Optional.of(incident.sla().resolutionDue()))));
    }

    /** Tells an affected tenant of a matched advisory through {@code advisory.notify.channel} (if configured). */
    private void notifyAdvisory(String channel, org.medsoc.findings.Advisory advisory,
            org.medsoc.findings.AdvisoryNotice notice) {
        if (channel.isBlank() || notifier.channel(channel).isEmpty()) {
            LOG.log(Level.INFO, "advisory " + advisory.id() + " affects " + notice.assets().size() + " asset(s) of "
                    + notice.tenant() + " (set advisory.notify.channel to send notices)");
            return;
        }
        guarded("advisory notice " + advisory.id(), () -> notifier.send(channel,
                org.medsoc.notify.NotificationTemplates.render(org.medsoc.notify.TemplateName.ADVISORY_MATCHED,
                        org.medsoc.notify.Language.ZH, notice.tenant(),
                        org.medsoc.notify.Severity.valueOf(advisory.severity().name()),
                        "advisory:" + advisory.id() + ":" + notice.tenant(),
                        java.util.Map.of("advisory", java.util.Map.of(
                                "id", advisory.id(),
                                "title", advisory.title(),
                                "cvss", advisory.severity().name(),
                                "assets", String.join(", ", notice.assets().stream()
                                        .map(m -> m.assetName() + " (" + m.matched() + " " + m.version() + ")").toList()),
                                "summary", advisory.title())))));
    }

    /** An incident someone acknowledged or worked on stops paging for it. */
    private void stopPaging(Incident incident) {
        if (incident.state() == org.medsoc.incident.IncidentState.NEW) {
            return;
        }
        guarded("stopping pages of incident " + incident.id(), () -> paging.findLive(incident.tenant(),
                        Long.toString(incident.id()))
                .ifPresent(p -> paging.acknowledge(incident.tenant(), p.id(),
                        incident.assignee().orElse("incident " + incident.state().name().toLowerCase(java.util.Locale.ROOT)))));
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " failed: " + e.getMessage(), e);
        }
    }

    /** The asset inventory. */
    public AssetInventory assets() {
        return assets;
    }

    /** The playbook executor. */
    public PlaybookExecutor playbooks() {
        return playbooks;
    }

    /** The identity service (users, tenants, sessions). */
    public IdentityService identity() {
        return identity;
    }

    /** The incident service. */
    public IncidentService incidents() {
        return incidents;
    }

    /** The audit log. */
    public AuditLog audit() {
        return audit;
    }

    // hub demo (demo --hub): HubDemo issues enrolment codes and the example warning through the hub's services
    /** The hub's federation services when the node runs with the hub role, else empty. */
    java.util.Optional<org.medsoc.federation.FederationHub> federationHub() {
        return hubRole == null ? java.util.Optional.empty() : java.util.Optional.of(hubRole.hub());
    }

    private static String storedToken(Path file) {
        return storedSecret(file, "an API token");
    }

    /** The secret kept in {@code file}, generated (and stored readable by this user only) when absent. */
    private static String storedSecret(Path file, String what) {
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
            LOG.log(Level.INFO, "generated " + what + " and stored it in " + file + " (readable by this user only)");
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
        var active = rules.active();
        var state = active.correlator().stats().correlations();
        components.put("detection", Map.of(
                "rules", active.detector().ruleCount(),
                "correlations", active.correlator().correlations().size(),
                "correlationGroups", state.stream().mapToLong(e -> e.groups()).sum(),
                "correlationEvents", state.stream().mapToLong(e -> e.events()).sum(),
                "correlationEvictions", state.stream().mapToLong(e -> e.evictions()).sum(),
                "alerts", pipeline.alerts()));
        if (federation != null) { // federation link (node side, issue 7)
            components.put("federation", federation.health());
        }
        components.put("federation", HubRole.health(hubRole, components.get("federation"))); // hub role (issue 7)
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
        if (federation != null) { // federation link (node side, issue 7): stops its loops; reports still queue
            federation.close();
        }
        for (Receiver r : receivers) {
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing " + r.name() + " failed: " + e.getMessage(), e);
            }
        }
        pipeline.close();
        guarded("passive discovery", discovery::close); // ingest performance (G): stops its writer, flushes
        playbooks.close();
        notifier.close();
        journal.close();
        store.close();
        if (hubRole != null) { // hub role (issue 7)
            hubRole.close();
        }
        intelFeeds.close(); // threat intelligence (issue 7): last sightings flush
        database.close();
        scheduler.shutdownNow();
        LOG.log(Level.INFO, "medsoc node stopped");
    }
}
