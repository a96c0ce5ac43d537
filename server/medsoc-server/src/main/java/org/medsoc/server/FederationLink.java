package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.medsoc.api.NodeFederation;
import org.medsoc.asset.AssetInventory;
import org.medsoc.asset.AssetQuery;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.database.Database;
import org.medsoc.database.Sql;
import org.medsoc.detect.Placeholders;
import org.medsoc.detect.RuleLibrary;
import org.medsoc.federation.PersonalData;
import org.medsoc.federation.Directive;
import org.medsoc.federation.DirectiveBody;
import org.medsoc.federation.DirectiveFetcher;
import org.medsoc.federation.FederationConfig;
import org.medsoc.federation.FederationNode;
import org.medsoc.federation.NodeCredentials;
import org.medsoc.federation.NodeState;
import org.medsoc.federation.Outbox;
import org.medsoc.federation.OutboxSender;
import org.medsoc.federation.ReportBody;
import org.medsoc.federation.SharingFilter;
import org.medsoc.federation.TraceResponder;
import org.medsoc.findings.FindingCounts;
import org.medsoc.findings.FindingLedger;
import org.medsoc.incident.Actor;
import org.medsoc.incident.AlertRecord;
import org.medsoc.incident.GroupingPolicy;
import org.medsoc.incident.Incident;
import org.medsoc.incident.IncidentEdit;
import org.medsoc.incident.IncidentQuery;
import org.medsoc.incident.IncidentService;
import org.medsoc.incident.IncidentState;
import org.medsoc.incident.Severity;
import org.medsoc.ingest.pipeline.IngestPipeline;
import org.medsoc.ingest.pipeline.PipelineStats;
import org.medsoc.intel.Distribution;
import org.medsoc.intel.Indicator;
import org.medsoc.intel.IndicatorType;
import org.medsoc.intel.IntelLibrary;
import org.medsoc.intel.StixBundles;
import org.medsoc.intel.Tlp;
import org.medsoc.journal.Journal;
import org.medsoc.playbook.PlaybookExecutor;
import org.medsoc.playbook.TriggerEvent;
import org.medsoc.playbook.TriggerType;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.ValueCount;
import org.medsoc.store.Retention;
import org.medsoc.store.RetentionPolicy;

/**
 * A hospital node's link to its federation hub ({@code federation.hub-url}): "tier 1 warns, tier 2 disposes; tier 2
 * reports, tier 1 traces".
 *
 * <ul>
 *   <li>Enrolment with the one-time code of {@code federation.enrolment-code} at start (in the background; a failure
 *       is logged and retried at the next start) or through {@code POST /api/v1/federation/enrol}.</li>
 *   <li>Reports up through the durable outbox: incidents opened, changed and closed (titles without personal data),
 *       a heartbeat every {@code federation.heartbeat.interval} (1 min) and posture and risk summary every {@code
 *       federation.posture.interval} (15 min), acknowledgement and disposal of the hub's warnings, shared
 *       indicators.</li>
 *   <li>Directives down, each handled once by id: a warning opens an incident (alert {@code hub-warning-<id>} of
 *       rule {@code hub.warning}) and starts {@code hub.warning} playbooks; a rule pack is installed as pack {@code
 *       hub-<name>}; an indicator set is loaded as intel bundle {@code hub-<name>}; a policy is recorded; a trace is
 *       answered from the event store.</li>
 * </ul>
 */
final class FederationLink implements IncidentService.TransactionalListener, IncidentService.Listener,
        NodeFederation, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FederationLink.class.getName());
    /** The rule id of the alerts the hub's warnings become. */
    static final String WARNING_RULE = "hub.warning";
    /** The version reported in heartbeats. */
    static final String VERSION = "medsoc 0.1.0";
    private static final int MAX_PACK_FILES = 500;
    private static final int SHARE_CHUNK = 100;
    private static final long MAX_HEALTHY_LAG = 100_000;
    private static final long MAX_PACK_BYTES = 16L * 1024 * 1024;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Settings settings;
    private final FederationConfig config;
    private final Database db;
    private final Clock clock;
    private final TenantId tenant;
    private final FederationNode node;
    private final IncidentService incidents;
    private final RuleLibrary rules;
    private final IntelLibrary intel;
    private final EventStore store;
    private final AssetInventory assets;
    private final FindingLedger findings;
    private final PlaybookExecutor playbooks;
    private final IngestPipeline pipeline;
    private final Journal journal;
    private final TraceResponder traces;
    private final SharingFilter sharing;
    private final ScheduledExecutorService scheduler;
    private volatile @Nullable OutboxSender sender;
    private volatile @Nullable DirectiveFetcher fetcher;
    private volatile @Nullable String enrolmentError;
    private boolean closed;
    private final Object enrolment = new Object();
    private volatile long lastDeadLetters = -1;
    private volatile long lastFailures = -1;
    private volatile long lastJournalRejections = -1;
    private volatile long lastStored = -1;

    private FederationLink(Node n, Settings settings, FederationConfig config, Database db, Clock clock,
            RuleLibrary rules, IntelLibrary intel, FindingLedger findings) {
        this.settings = settings;
        this.config = config;
        this.db = db;
        this.clock = clock;
        this.tenant = n.config().tenant();
        this.incidents = n.incidents();
        this.store = n.store();
        this.assets = n.assets();
        this.playbooks = n.playbooks();
        this.pipeline = n.pipeline();
        this.journal = n.journal();
        this.rules = rules;
        this.intel = intel;
        this.findings = findings;
        this.node = FederationNode.open(db, config, clock, trustContext(settings).orElse(null));
        db.migrate("node_federation");
        this.traces = new TraceResponder(new EventStoreTraceSearcher(store), node.outbox(), tenant);
        this.sharing = SharingFilter.fromSettings(settings);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("federation-link").daemon().factory());
    }

    /**
     * The link of a node with {@code federation.hub-url}, listening to its incidents and started when the node is
     * enrolled (or enrolling with {@code federation.enrolment-code} in the background); empty for a standalone node.
     */
    static Optional<FederationLink> open(Node n, Database db, Clock clock, RuleLibrary rules, IntelLibrary intel,
            FindingLedger findings) {
        Settings settings = n.config().settings();
        FederationConfig config = FederationConfig.fromSettings(settings);
        if (config.hubUrl().isEmpty()) {
            return Optional.empty();
        }
        FederationLink link = new FederationLink(n, settings, config, db, clock, rules, intel, findings);
        // the hub's placeholder values survive a restart: rebuild the rule set with them once
        guarded("placeholders of the hub's policies", link::applyPlaceholders);
        // warnings never group with each other beyond a minute (each is its own incident)
        IncidentService inc = n.incidents();
        GroupingPolicy grouping = inc.policies().grouping(link.tenant);
        inc.policies().setGrouping(link.tenant, grouping.separate(WARNING_RULE));
        // reports are queued in the incident change's own transaction (both commit or neither); the listener after
        // commit only wakes the sender
        inc.addTransactionalListener(link);
        inc.addListener(link);
        if (link.node.credentials().isPresent()) {
            link.startLink();
        } else {
            Optional<String> code = settings.find("federation.enrolment-code").map(String::strip)
                    .filter(s -> !s.isEmpty());
            if (code.isPresent()) {
                Thread.ofVirtual().name("federation-enrolment").start(() -> link.enrolQuietly(code.get()));
            } else {
                LOG.log(Level.WARNING, "federation.hub-url is " + config.hubUrl().get() + " but this node is not "
                        + "enrolled: set federation.enrolment-code or POST /api/v1/federation/enrol {\"code\"}");
            }
        }
        return Optional.of(link);
    }

    private void enrolQuietly(String code) {
        try {
            enrol(code);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "enrolment at the hub " + config.hubUrl().orElseThrow() + " with "
                    + "federation.enrolment-code failed: " + e.getMessage() + "; the node runs standalone and "
                    + "retries at the next start, or enrol with POST /api/v1/federation/enrol");
        }
    }

    // ------------------------------------------------------------------------------------------ the link

    private synchronized void startLink() {
        if (sender != null || closed) {
            return;
        }
        OutboxSender s = new OutboxSender(node.outbox(), node.state(), node.client(), config.batchSize());
        DirectiveFetcher f = new DirectiveFetcher(node.client(), node.state(), this::handle, config.pageSize());
        s.start(config.backoff());
        f.start(config.backoff());
        sender = s;
        fetcher = f;
        Duration heartbeat = settings.duration("federation.heartbeat.interval", Duration.ofMinutes(1));
        Duration posture = settings.duration("federation.posture.interval", Duration.ofMinutes(15));
        scheduler.scheduleWithFixedDelay(() -> guarded("federation heartbeat", this::heartbeat), 0,
                Math.max(1, heartbeat.toMillis()), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("federation posture", this::posture), 0,
                Math.max(1, posture.toMillis()), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("federation outbox purge",
                () -> node.outbox().purgeSent(clock.instant().minus(config.outboxRetention()))), 1, 60,
                TimeUnit.MINUTES);
        LOG.log(Level.INFO, "federation link to " + config.hubUrl().orElseThrow() + " started as node "
                + node.credentials().map(c -> c.nodeId().value()).orElse("?"));
    }

    @Override
    public Map<String, Object> enrol(String code) {
        requireNonNull(code, "code is null");
        // one enrolment at a time (its HTTP call may take the request timeout), apart from the link's lock
        synchronized (enrolment) {
            try {
                NodeCredentials c = node.enrol(code);
                enrolmentError = null;
                LOG.log(Level.INFO, "enrolled at the hub " + config.hubUrl().orElseThrow() + " as node "
                        + c.nodeId().value() + " of tenant " + c.tenant().value());
            } catch (RuntimeException e) {
                enrolmentError = "enrolment failed: " + e.getMessage();
                throw e;
            }
        }
        startLink();
        return status();
    }

    /** Appends a report; a failure is logged (the outbox is the node's own database, so this is rare). */
    private void report(ReportBody body) {
        try {
            node.outbox().append(body);
            OutboxSender s = sender;
            if (s != null) {
                s.wake();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "queueing the " + body.type() + " report for the hub failed: " + e.getMessage(), e);
        }
    }

    private void wakeSender() {
        OutboxSender s = sender;
        if (s != null) {
            s.wake();
        }
    }

    // ------------------------------------------------------------------------------------------ reports up

    /**
     * Queues the report of an incident change in the change's own transaction: the change and its report commit
     * together, so a crash between them cannot lose a report; a failure to queue rolls the change back.
     */
    @Override
    public void changed(Handle h, Incident incident, IncidentService.ChangeKind kind) {
        Outbox outbox = node.outbox();
        switch (kind) {
            case OPENED -> outbox.append(h, new ReportBody.IncidentOpened(ref(incident), title(incident),
                    severity(incident), incident.createdAt()));
            case ESCALATED -> outbox.append(h, updated(incident));
            case CHANGED -> {
                if (incident.state() == IncidentState.RESOLVED || incident.state() == IncidentState.CLOSED) {
                    Instant at = incident.closedAt().or(incident::resolvedAt).orElse(incident.updatedAt());
                    outbox.append(h, new ReportBody.IncidentClosed(ref(incident), at,
                            incident.resolution().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse("resolved"),
                            !incident.sla().breached()));
                } else {
                    outbox.append(h, updated(incident));
                }
                warningChanged(h, incident);
            }
        }
    }

    /** After commit: the reports are queued; the sender sends them now rather than at its next interval. */
    @Override
    public void opened(Incident incident) {
        wakeSender();
    }

    @Override
    public void escalated(Incident incident) {
        wakeSender();
    }

    @Override
    public void changed(Incident incident) {
        wakeSender();
    }

    private static ReportBody.IncidentUpdated updated(Incident i) {
        return new ReportBody.IncidentUpdated(ref(i), title(i), severity(i), i.state().name(), i.updatedAt());
    }

    private static String ref(Incident i) {
        return Long.toString(i.id());
    }

    private static String title(Incident i) {
        return PersonalData.scrub(i.title());
    }

    private static String severity(Incident i) {
        return i.severity().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reports acknowledgement and disposal of a hub warning once each, in the incident change's transaction that
     * also marks them.
     */
    private void warningChanged(Handle h, Incident incident) {
        List<Long> directives = h.createQuery("SELECT directive_id FROM node_warning "
                        + "WHERE tenant_id = :t AND incident_id = :i AND disposed_at IS NULL")
                .bind("t", incident.tenant().value()).bind("i", incident.id()).mapTo(Long.class).list();
        if (directives.isEmpty()) {
            return;
        }
        boolean acknowledged = incident.state() != IncidentState.NEW || incident.assignee().isPresent();
        boolean disposed = incident.state() == IncidentState.RESOLVED || incident.state() == IncidentState.CLOSED;
        String by = PersonalData.scrub(incident.assignee().orElse("analyst"));
        Instant now = Sql.millis(clock.instant());
        for (long id : directives) {
            if (acknowledged && h.createUpdate("UPDATE node_warning SET acknowledged_at = :now "
                            + "WHERE directive_id = :id AND acknowledged_at IS NULL")
                    .bind("now", Sql.at(now)).bind("id", id).execute() == 1) {
                node.outbox().append(h, new ReportBody.WarningAck(id, by));
            }
            if (disposed && h.createUpdate("UPDATE node_warning SET disposed_at = :now "
                            + "WHERE directive_id = :id AND disposed_at IS NULL")
                    .bind("now", Sql.at(now)).bind("id", id).execute() == 1) {
                String summary = incident.resolutionSummary().filter(s -> !s.isBlank())
                        .orElse("incident " + incident.id() + " " + incident.state().name().toLowerCase(Locale.ROOT));
                String evidence = "incident " + incident.id() + " "
                        + incident.resolution().map(r -> r.label()).orElse(incident.state().name()
                                .toLowerCase(Locale.ROOT)) + ": " + summary;
                node.outbox().append(h, new ReportBody.WarningDisposed(id, by,
                        cut(PersonalData.scrub(evidence), 9000)));
            }
        }
    }

    /** Heartbeat: health from the pipeline and journal counters since the last one. */
    void heartbeat() {
        if (node.credentials().isEmpty()) {
            return;
        }
        PipelineStats p = pipeline.stats();
        long rejections = journal.stats().fullRejections();
        long deadLetters = p.deadLettered() - (lastDeadLetters < 0 ? p.deadLettered() : lastDeadLetters);
        long failures = p.failures() - (lastFailures < 0 ? p.failures() : lastFailures);
        long rejected = rejections - (lastJournalRejections < 0 ? rejections : lastJournalRejections);
        long stored = p.stored() - (lastStored < 0 ? p.stored() : lastStored);
        lastDeadLetters = p.deadLettered();
        lastFailures = p.failures();
        lastJournalRejections = rejections;
        lastStored = p.stored();
        ReportBody.Health health = health(rejected, failures, stored, deadLetters, p.lag());
        String detail = "lag " + p.lag() + " records, +" + stored + " stored, +" + deadLetters + " dead letters, +"
                + failures + " store failures, +" + rejected + " journal-full rejections, outbox "
                + node.outbox().pendingCount() + " pending";
        report(new ReportBody.Heartbeat(health, VERSION, detail));
    }

    /**
     * The health a heartbeat reports from what happened since the last one: FAILING when the journal refused
     * messages (full) or store writes failed while nothing was stored; DEGRADED when store writes failed, records were
     * dead-lettered or more than {@value #MAX_HEALTHY_LAG} records wait; else OK.
     */
    static ReportBody.Health health(long journalRejections, long storeFailures, long stored, long deadLetters,
            long lag) {
        if (journalRejections > 0 || storeFailures > 0 && stored == 0) {
            return ReportBody.Health.FAILING;
        }
        if (storeFailures > 0 || deadLetters > 0 || lag > MAX_HEALTHY_LAG) {
            return ReportBody.Health.DEGRADED;
        }
        return ReportBody.Health.OK;
    }

    /** Posture (asset and vulnerability counts) and risk (open incidents, top alerting rules of 24 h). */
    void posture() {
        if (node.credentials().isEmpty()) {
            return;
        }
        Set<TenantId> tenants = new TreeSet<>(java.util.Comparator.comparing(TenantId::value));
        tenants.add(tenant);
        tenants.addAll(assets.tenants());
        long assetCount = 0;
        long criticalAssets = 0;
        long open = 0;
        long critical = 0;
        long overdue = 0;
        AssetQuery one = new AssetQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, AssetQuery.all().sort(), false, 0, 1);
        for (TenantId t : tenants) {
            assetCount += assets.list(t, one).total();
            criticalAssets += assets.list(t, one.withMinCriticality(4)).total();
            FindingCounts c = findings.counts(t);
            for (org.medsoc.vuln.Severity s : org.medsoc.vuln.Severity.values()) {
                open += c.active(s);
            }
            critical += c.active(org.medsoc.vuln.Severity.CRITICAL);
            overdue += c.overdue();
        }
        report(new ReportBody.Posture(assetCount, criticalAssets, open, critical, overdue));

        Instant now = clock.instant();
        long[] bySeverity = new long[Severity.values().length];
        Map<String, Long> threats = new LinkedHashMap<>();
        for (TenantId t : tenants) {
            IncidentQuery q = IncidentQuery.all().withStates(IncidentState.NEW, IncidentState.TRIAGING,
                    IncidentState.CONTAINING);
            for (Severity s : Severity.values()) {
                bySeverity[s.ordinal()] += incidents.list(t, q.withSeverities(s)).total();
            }
            EventQuery alerts = new EventQuery(Dataset.ALERTS, "", now.minus(Duration.ofHours(24)).toEpochMilli(),
                    now.toEpochMilli() + 1, org.medsoc.spi.store.SortOrder.NEWEST_FIRST, 0, 0);
            for (ValueCount v : store.topValues(t, alerts, "rule.name", 10)) {
                threats.merge(PersonalData.scrub(v.value()), v.count(), Long::sum);
            }
        }
        long score = 0;
        StringBuilder summary = new StringBuilder();
        long openIncidents = 0;
        for (Severity s : Severity.values()) {
            long n = bySeverity[s.ordinal()];
            openIncidents += n;
            score += n * switch (s) {
                case CRITICAL -> 40;
                case HIGH -> 15;
                case MEDIUM -> 5;
                case LOW -> 1;
            };
            if (n > 0) {
                summary.append(summary.isEmpty() ? "" : ", ").append(n).append(' ')
                        .append(s.name().toLowerCase(Locale.ROOT));
            }
        }
        String text = openIncidents + " open incident(s)" + (summary.isEmpty() ? "" : " (" + summary + ")")
                + "; " + critical + " critical vulnerabilities active, " + overdue + " overdue";
        List<ReportBody.ThreatCount> top = threats.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .map(e -> new ReportBody.ThreatCount(cut(e.getKey(), 300), e.getValue())).toList();
        report(new ReportBody.RiskSummary((int) Math.min(100, score + Math.min(20, critical * 2)), text, top));
    }

    // ------------------------------------------------------------------------------------------ directives

    /** Acts on one directive, once per directive id. */
    void handle(Directive d) {
        boolean done = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM node_directive "
                        + "WHERE directive_id = :id").bind("id", d.id()).mapTo(Long.class).one() > 0);
        if (done) {
            return;
        }
        switch (d.body()) {
            case DirectiveBody.Warning w -> warning(d, w);
            case DirectiveBody.RulePack p -> rulePack(d, p);
            case DirectiveBody.IndicatorSet s -> indicatorSet(d, s);
            case DirectiveBody.Policy p -> policy(d, p);
            case DirectiveBody.TraceQuery q -> {
                ReportBody.TraceResult answer = traces.answer(q);
                db.jdbi().useTransaction(h -> {
                    node.outbox().append(h, answer);
                    handled(h, d, null, null, "APPLIED", answer.error() == null ? answer.count() + " event(s)"
                            : answer.error());
                });
                wakeSender();
            }
        }
    }

    private void warning(Directive d, DirectiveBody.Warning w) {
        String alertId = "hub-warning-" + d.id();
        Severity severity = Severity.parse(w.severity()).orElse(Severity.HIGH);
        int score = switch (severity) {
            case CRITICAL -> 95;
            case HIGH -> 80;
            case MEDIUM -> 55;
            case LOW -> 25;
        };
        AlertRecord alert = AlertRecord.builder(tenant, alertId, d.createdAt(), WARNING_RULE)
                .ruleTitle(cut("Hub warning: " + w.title(), 480))
                .level(severity.name().toLowerCase(Locale.ROOT), score)
                .tags("hub_warning")
                .build();
        incidents.onAlerts(List.of(alert));
        Optional<Incident> opened = findByAlert(alertId);
        if (opened.isEmpty()) {
            // the only way an accepted alert has no incident: a local suppression matched it
            LOG.log(Level.WARNING, "hub warning " + d.id() + " '" + w.title() + "' was suppressed at this node "
                    + "(a suppression matches rule " + WARNING_RULE + "); no incident opened");
            record(d, cut(w.title(), 200), null, "REFUSED", "suppressed at the node: a suppression matches rule "
                    + WARNING_RULE);
            return;
        }
        Incident incident = opened.get();
        StringBuilder description = new StringBuilder();
        description.append(w.description()).append("\n\nRequired actions:\n");
        for (String a : w.requiredActions()) {
            description.append("- ").append(a).append('\n');
        }
        description.append("\nDeadline: ").append(w.deadline()).append(" (hub directive ").append(d.id()).append(')');
        if (incident.description().isBlank()) {
            try {
                incident = incidents.edit(tenant, incident.id(), incident.version(), Actor.SYSTEM,
                        IncidentEdit.description(cut(description.toString(), IncidentService.MAX_COMMENT_LENGTH)));
            } catch (MedsocException e) {
                LOG.log(Level.WARNING, "describing the incident of hub warning " + d.id() + " failed: "
                        + e.getMessage());
            }
        }
        long incidentId = incident.id();
        Instant now = Sql.millis(clock.instant());
        db.jdbi().useTransaction(h -> {
            h.createUpdate("INSERT INTO node_warning (directive_id, tenant_id, incident_id, title, severity, deadline, "
                            + "received_at) VALUES (:id, :t, :i, :title, :sev, :deadline, :now)")
                    .bind("id", d.id()).bind("t", tenant.value()).bind("i", incidentId)
                    .bind("title", cut(w.title(), 500)).bind("sev", severity.name().toLowerCase(Locale.ROOT))
                    .bind("deadline", Sql.at(w.deadline())).bind("now", Sql.at(now)).execute();
            handled(h, d, cut(w.title(), 200), null, "APPLIED", "incident " + incidentId);
        });
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("directive_id", Long.toString(d.id()));
        warning.put("title", w.title());
        warning.put("description", w.description());
        warning.put("severity", severity.name().toLowerCase(Locale.ROOT));
        warning.put("required_actions", w.requiredActions());
        warning.put("deadline", w.deadline().toString());
        try {
            playbooks.trigger(tenant, new TriggerEvent(TriggerType.HUB_WARNING,
                    Map.of("warning", warning, "incident", PlaybookTriggers.payload(incident)),
                    Optional.of("hub.warning:" + d.id())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "starting hub.warning playbooks for directive " + d.id() + " failed: "
                    + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "hub warning " + d.id() + " '" + w.title() + "' opened incident " + incidentId);
    }

    private Optional<Incident> findByAlert(String alertId) {
        IncidentQuery q = new IncidentQuery(Set.of(), Set.of(), Optional.empty(), Optional.of(WARNING_RULE),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                IncidentQuery.all().sort(), true, 0, 50);
        for (Incident i : incidents.list(tenant, q).items()) {
            if (incidents.alertIds(tenant, i.id()).contains(alertId)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private void rulePack(Directive d, DirectiveBody.RulePack p) {
        String pack = "hub-" + safeName(p.name());
        try {
            Map<String, String> files = packFiles(p);
            RuleLibrary.UploadResult r = rules.upload(pack, files);
            String detail = r.rules() + " rule(s)" + (r.refused().isEmpty() ? "" : ", " + r.refused().size()
                    + " not loaded: " + r.refused());
            LOG.log(Level.INFO, "hub rule pack " + p.name() + " " + p.version() + " installed as " + pack + ": "
                    + detail);
            record(d, pack, p.version(), "APPLIED", detail);
        } catch (MedsocException e) {
            LOG.log(Level.ERROR, "hub rule pack " + p.name() + " " + p.version() + " (directive " + d.id()
                    + ") refused, nothing installed: " + e.getMessage());
            record(d, pack, p.version(), "REFUSED", e.getMessage());
        }
    }

    /** The YAML files of a pack: a ZIP archive's .yml/.yaml entries, or the content as one YAML file. */
    private static Map<String, String> packFiles(DirectiveBody.RulePack p) {
        byte[] content = p.content();
        Map<String, String> files = new LinkedHashMap<>();
        if (content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
            long total = 0;
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    String name = e.getName();
                    if (e.isDirectory() || !(name.endsWith(".yml") || name.endsWith(".yaml"))) {
                        continue;
                    }
                    byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_PACK_BYTES - total + 1));
                    total += bytes.length;
                    if (total > MAX_PACK_BYTES || files.size() >= MAX_PACK_FILES) {
                        throw new MedsocException(StandardErrorCode.PAYLOAD_TOO_LARGE, "rule pack " + p.name()
                                + " unpacks to more than " + MAX_PACK_BYTES + " bytes or " + MAX_PACK_FILES
                                + " files");
                    }
                    files.put(name, new String(bytes, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new MedsocException(StandardErrorCode.INVALID_ARGUMENT, "rule pack " + p.name()
                        + " is not a readable ZIP archive: " + e.getMessage(), e);
            }
        } else {
            files.put(safeName(p.name()) + ".yml", new String(content, StandardCharsets.UTF_8));
        }
        return files;
    }

    private void indicatorSet(Directive d, DirectiveBody.IndicatorSet s) {
        String bundle = "hub-" + safeName(s.name());
        List<Indicator> indicators = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // the set's labels (older hubs send none: the intel library's defaults apply); the source is the hub
        Tlp tlp = s.tlp() == null ? Tlp.AMBER : Tlp.valueOf(s.tlp());
        Distribution distribution = s.distribution() == null ? Distribution.COMMUNITY
                : Distribution.valueOf(s.distribution());
        int confidence = s.confidence() == null ? Indicator.DEFAULT_CONFIDENCE : s.confidence();
        for (DirectiveBody.Indicator i : s.indicators()) {
            try {
                indicators.add(new Indicator(type(i.kind(), i.value()), i.value(), "hub", confidence, tlp,
                        distribution, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                        Optional.empty()));
            } catch (MedsocException e) {
                problems.add(i.kind() + " " + i.value() + ": " + e.getMessage());
            }
        }
        try {
            String json = StixBundles.write(indicators, List.of(), clock.instant());
            // the hub redistributes shared indicators in many sets of the same name: they accumulate; a named set
            // from the hub's analysts replaces its previous version
            var r = s.name().startsWith(org.medsoc.federation.IndicatorSharing.SET_PREFIX)
                    ? intel.mergeStix(bundle, objects(json)) : intel.importStix(bundle, json);
            String detail = r.indicators().size() + " indicator(s)" + (problems.isEmpty() ? ""
                    : ", " + problems.size() + " refused: " + String.join("; ", problems));
            LOG.log(Level.INFO, "hub indicator set " + s.name() + " loaded as intel bundle " + bundle + ": " + detail);
            record(d, bundle, null, "APPLIED", detail);
        } catch (MedsocException e) {
            LOG.log(Level.ERROR, "hub indicator set " + s.name() + " (directive " + d.id() + ") refused: "
                    + e.getMessage());
            record(d, bundle, null, "REFUSED", e.getMessage() + (problems.isEmpty() ? "" : "; " + problems));
        }
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> objects(String bundle) {
        try {
            List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
            JSON.readTree(bundle).path("objects").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.GENERIC_INTERNAL_ERROR, "cannot read a written STIX bundle: "
                    + e.getMessage(), e);
        }
    }

    private static IndicatorType type(String kind, String value) {
        return switch (kind.strip().toLowerCase(Locale.ROOT)) {
            case "ip", "ipv4", "ipv6", "ip-src", "ip-dst" -> value.indexOf(':') >= 0 ? IndicatorType.IPV6
                    : IndicatorType.IPV4;
            case "cidr" -> IndicatorType.CIDR;
            case "domain", "hostname" -> IndicatorType.DOMAIN;
            case "url", "uri" -> IndicatorType.URL;
            case "md5" -> IndicatorType.MD5;
            case "sha1" -> IndicatorType.SHA1;
            case "sha256" -> IndicatorType.SHA256;
            case "email", "email-src", "email-dst" -> IndicatorType.EMAIL;
            case "user-agent", "user_agent" -> IndicatorType.USER_AGENT;
            default -> throw new MedsocException(StandardErrorCode.INVALID_ARGUMENT, "unknown indicator kind '"
                    + kind + "'");
        };
    }

    private void policy(Directive d, DirectiveBody.Policy p) {
        String json = json(new java.util.TreeMap<>(p.settings()));
        Instant now = Sql.millis(clock.instant());
        db.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM node_policy WHERE name = :name").bind("name", cut(p.name(), 200)).execute();
            h.createUpdate("INSERT INTO node_policy (name, directive_id, settings, received_at) "
                            + "VALUES (:name, :id, :settings, :now)")
                    .bind("name", cut(p.name(), 200)).bind("id", d.id()).bind("settings", cut(json, 100_000))
                    .bind("now", Sql.at(now)).execute();
            handled(h, d, cut(p.name(), 200), null, "APPLIED", p.settings().size() + " setting(s) recorded: "
                    + policyStates(p.settings()));
        });
        LOG.log(Level.INFO, "hub policy " + p.name() + " recorded: " + policyStates(p.settings()));
        if (p.settings().keySet().stream().anyMatch(k -> policyKind(k) == PolicyKind.PLACEHOLDER)) {
            // live: the rule set is rebuilt with the new values and swapped in between two batches
            scheduler.execute(() -> guarded("placeholders of hub policy " + p.name(), this::applyPlaceholders));
        }
        if (p.settings().keySet().stream().anyMatch(k -> policyKind(k) == PolicyKind.RETENTION)) {
            // live: the next retention run uses it; run one now so that the hub sees the effect without waiting
            scheduler.execute(() -> guarded("retention by hub policy " + p.name(),
                    () -> Retention.apply(store, retention(), clock.instant())));
        }
    }

    /** How this node treats a key of a hub policy. */
    enum PolicyKind {
        /** {@code retention.max-age} (alias {@code retention.events}) and {@code retention.max-size}: live. */
        RETENTION,
        /** {@code detect.placeholder.*}: live, the rule set is rebuilt with them. */
        PLACEHOLDER,
        /** Anything else. */
        NOT_APPLICABLE
    }

    static PolicyKind policyKind(String key) {
        return switch (retentionKey(key)) {
            case "max-age", "max-size" -> PolicyKind.RETENTION;
            default -> key.startsWith(org.medsoc.detect.Placeholders.SETTINGS_PREFIX + ".") ? PolicyKind.PLACEHOLDER
                    : PolicyKind.NOT_APPLICABLE;
        };
    }

    /** {@code max-age} or {@code max-size} for the retention keys a policy may carry, else empty. */
    private static String retentionKey(String key) {
        return switch (key) {
            case "retention.max-age", "retention.events", "store.retention.max-age" -> "max-age";
            case "retention.max-size", "store.retention.max-size" -> "max-size";
            default -> "";
        };
    }

    /** The state of each key of a policy, as shown in {@code GET /api/v1/federation}. */
    static Map<String, String> policyStates(Map<String, String> settings) {
        Map<String, String> states = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            states.put(e.getKey(), switch (policyKind(e.getKey())) {
                case RETENTION -> {
                    try {
                        retentionOverride(new RetentionPolicy(Duration.ZERO, 0), e.getKey(), e.getValue());
                        yield "applied";
                    } catch (MedsocException x) {
                        yield "invalid: " + x.getMessage();
                    }
                }
                case PLACEHOLDER -> "applied";
                case NOT_APPLICABLE -> "not applicable on this node";
            });
        }
        return states;
    }

    private static RetentionPolicy retentionOverride(RetentionPolicy base, String key, String value) {
        Settings one = Settings.of(Map.of(key, value));
        return switch (retentionKey(key)) {
            case "max-age" -> new RetentionPolicy(one.duration(key, base.maxAge()), base.maxBytes());
            case "max-size" -> new RetentionPolicy(base.maxAge(), one.bytes(key, base.maxBytes()));
            default -> base;
        };
    }

    /**
     * The retention policy in force: the configured one ({@code store.retention.*}) with the retention keys of the
     * hub's policies applied over it, later policies over earlier ones; the configured one if they cannot be read.
     */
    RetentionPolicy retention() {
        RetentionPolicy policy = RetentionPolicy.fromSettings(settings);
        try {
            for (Map.Entry<String, String> e : policyEntries(PolicyKind.RETENTION)) {
                try {
                    policy = retentionOverride(policy, e.getKey(), e.getValue());
                } catch (MedsocException x) {
                    // shown as invalid in the policy's states; the rest applies
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reading the hub's retention policies failed, the configured retention applies: "
                    + e.getMessage());
        }
        return policy;
    }

    /**
     * The placeholder values in force: the configured {@code detect.placeholder.*} with those of the hub's policies
     * over them (later policies over earlier ones).
     */
    Placeholders placeholders() {
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : policyEntries(PolicyKind.PLACEHOLDER)) {
            overrides.put(e.getKey(), e.getValue());
        }
        return Placeholders.fromSettings(settings.with(overrides));
    }

    /** Rebuilds the rule set with the hub's placeholder values, if any policy carries some. */
    private void applyPlaceholders() {
        if (!policyEntries(PolicyKind.PLACEHOLDER).isEmpty()) {
            rules.placeholders(placeholders());
        }
    }

    /** The keys of the stored hub policies of one kind with their values, oldest policy first. */
    private List<Map.Entry<String, String>> policyEntries(PolicyKind kind) {
        List<String> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT settings FROM node_policy "
                + "ORDER BY received_at, directive_id").mapTo(String.class).list());
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String json : rows) {
            for (Object o : ((Map<?, ?>) policySettings(json)).entrySet()) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                String key = String.valueOf(e.getKey());
                if (policyKind(key) == kind) {
                    out.add(Map.entry(key, String.valueOf(e.getValue())));
                }
            }
        }
        return out;
    }

    private void record(Directive d, @Nullable String name, @Nullable String version, String outcome,
            @Nullable String detail) {
        db.jdbi().useTransaction(h -> handled(h, d, name, version, outcome, detail));
    }

    private void handled(Handle h, Directive d, @Nullable String name, @Nullable String version, String outcome,
            @Nullable String detail) {
        h.createUpdate("INSERT INTO node_directive (directive_id, type, name, version, outcome, detail, handled_at) "
                        + "VALUES (:id, :type, :name, :version, :outcome, :detail, :now)")
                .bind("id", d.id()).bind("type", d.type().name()).bind("name", name)
                .bind("version", version == null ? null : cut(version, 100)).bind("outcome", outcome)
                .bind("detail", detail == null ? null : cut(detail, 4000))
                .bind("now", Sql.at(Sql.millis(clock.instant()))).execute();
    }

    // ------------------------------------------------------------------------------------------ sharing

    @Override
    public Map<String, Object> share(List<SharedIndicator> indicators, String distribution, String tlp) {
        if (node.credentials().isEmpty()) {
            throw new MedsocException(org.medsoc.federation.FederationErrorCode.NOT_ENROLLED, "this node is not "
                    + "enrolled at its hub yet; enrol it with POST /api/v1/federation/enrol before sharing");
        }
        Instant now = clock.instant();
        List<ReportBody.IndicatorSighting> candidates = new ArrayList<>();
        for (SharedIndicator i : indicators) {
            try {
                candidates.add(new ReportBody.IndicatorSighting(i.kind(), i.value(), i.sightings(),
                        i.firstSeen().orElse(i.lastSeen().orElse(now)), i.lastSeen().orElse(now), distribution, tlp));
            } catch (IllegalArgumentException e) {
                throw new MedsocException(StandardErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
            }
        }
        SharingFilter.Outcome outcome = sharing.filter(candidates);
        List<ReportBody.IndicatorSighting> shared = outcome.shared();
        if (!shared.isEmpty()) {
            // several reports when many, each well below the outbox's payload limit; all or none are queued
            db.jdbi().useTransaction(h -> {
                for (int from = 0; from < shared.size(); from += SHARE_CHUNK) {
                    node.outbox().append(h, new ReportBody.SharedIndicators(
                            shared.subList(from, Math.min(shared.size(), from + SHARE_CHUNK))));
                }
            });
            wakeSender();
        }
        List<Map<String, Object>> refused = new ArrayList<>();
        for (SharingFilter.Refusal r : outcome.refused()) {
            refused.add(Map.of("value", r.sighting().value(), "reason", r.reason()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("shared", outcome.shared().size());
        answer.put("refused", refused);
        return answer;
    }

    // ------------------------------------------------------------------------------------------ views

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", "node");
        m.put("hubUrl", config.hubUrl().map(Object::toString).orElse(null));
        Optional<NodeCredentials> c = node.credentials();
        m.put("enrolled", c.isPresent());
        m.put("nodeId", c.map(x -> x.nodeId().value()).orElse(null));
        m.put("tenant", c.map(x -> x.tenant().value()).orElse(null));
        Outbox outbox = node.outbox();
        m.put("outboxPending", outbox.pendingCount());
        m.put("lastSentSequence", outbox.firstUnsent() - 1);
        m.put("directiveCursor", node.state().cursor(NodeState.DIRECTIVES));
        m.put("lastError", lastError());
        m.put("policies", db.jdbi().withHandle(h -> h.createQuery("SELECT name, directive_id, settings, received_at "
                        + "FROM node_policy ORDER BY name")
                .map((rs, ctx) -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("name", rs.getString("name"));
                    p.put("directiveId", rs.getLong("directive_id"));
                    Object settings = policySettings(rs.getString("settings"));
                    p.put("settings", settings);
                    Map<String, String> values = new LinkedHashMap<>();
                    ((Map<?, ?>) settings).forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
                    p.put("states", policyStates(values));
                    p.put("receivedAt", Sql.instant(rs, "received_at").toString());
                    return p;
                }).list()));
        RetentionPolicy retention = retention();
        m.put("retention", Map.of("maxAge", retention.maxAge().toString(), "maxBytes", retention.maxBytes()));
        // the placeholder values the running rule set was built with, and the rules still missing some
        m.put("placeholders", new java.util.TreeMap<>(rules.placeholders().values()));
        m.put("rulesWithUnresolvedPlaceholders", new java.util.TreeSet<>(
                rules.active().detector().unresolvedPlaceholders().keySet()));
        m.put("rulePacks", directives("RULE_PACK"));
        m.put("indicatorSets", directives("INDICATOR_SET"));
        return m;
    }

    private static Object policySettings(String json) {
        try {
            return JSON.readValue(json, java.util.TreeMap.class);
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.GENERIC_INTERNAL_ERROR, "cannot write JSON: " + e, e);
        }
    }

    private List<Map<String, Object>> directives(String type) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT directive_id, name, version, outcome, detail, "
                        + "handled_at FROM node_directive WHERE type = :type ORDER BY directive_id DESC LIMIT 100")
                .bind("type", type)
                .map((rs, ctx) -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("directiveId", rs.getLong("directive_id"));
                    p.put("name", rs.getString("name"));
                    p.put("version", rs.getString("version"));
                    p.put("outcome", rs.getString("outcome"));
                    p.put("detail", rs.getString("detail"));
                    p.put("handledAt", Sql.instant(rs, "handled_at").toString());
                    return p;
                }).list());
    }

    private @Nullable String lastError() {
        String e = enrolmentError;
        if (e != null) {
            return e;
        }
        OutboxSender s = sender;
        DirectiveFetcher f = fetcher;
        Optional<RuntimeException> failure = Optional.empty();
        if (s != null) {
            failure = s.lastFailure();
        }
        if (failure.isEmpty() && f != null) {
            failure = f.lastFailure();
        }
        return failure.map(RuntimeException::getMessage).orElse(null);
    }

    @Override
    public List<Map<String, Object>> warnings() {
        record Row(long directiveId, String tenant, long incidentId, String title, String severity, Instant deadline,
                @Nullable Instant acknowledgedAt, @Nullable Instant disposedAt) {}
        List<Row> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT directive_id, tenant_id, incident_id, title, "
                        + "severity, deadline, acknowledged_at, disposed_at FROM node_warning "
                        + "ORDER BY directive_id DESC LIMIT 500")
                .map((rs, ctx) -> new Row(rs.getLong("directive_id"), rs.getString("tenant_id"),
                        rs.getLong("incident_id"), rs.getString("title"), rs.getString("severity"),
                        Sql.instant(rs, "deadline"), Sql.nullableInstant(rs, "acknowledged_at"),
                        Sql.nullableInstant(rs, "disposed_at")))
                .list());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("directiveId", r.directiveId());
            m.put("title", r.title());
            m.put("severity", r.severity());
            m.put("deadline", r.deadline().toString());
            m.put("incidentId", r.incidentId());
            m.put("state", incidents.find(TenantId.of(r.tenant()), r.incidentId()).map(i -> i.state().name())
                    .orElse("UNKNOWN"));
            m.put("acknowledgedAt", r.acknowledgedAt() == null ? null : r.acknowledgedAt().toString());
            m.put("disposedAt", r.disposedAt() == null ? null : r.disposedAt().toString());
            out.add(m);
        }
        return out;
    }

    /** The {@code federation} component of {@code /health}. */
    Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hubUrl", config.hubUrl().map(Object::toString).orElse(null));
        m.put("enrolled", node.credentials().isPresent());
        try {
            m.put("outboxPending", node.outbox().pendingCount());
        } catch (RuntimeException e) {
            m.put("outboxPending", -1);
        }
        m.put("lastError", lastError());
        return m;
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The SSL context trusting {@code federation.tls.trust-store} (PEM certificates or PKCS12), if set. */
    static Optional<SSLContext> trustContext(Settings settings) {
        Optional<String> path = settings.find("federation.tls.trust-store").map(String::strip)
                .filter(s -> !s.isEmpty());
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(path.get());
        try {
            KeyStore trust;
            String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (lower.endsWith(".p12") || lower.endsWith(".pfx") || lower.endsWith(".pkcs12")) {
                trust = KeyStore.getInstance("PKCS12");
                char[] password = settings.string("federation.tls.trust-store-password", "").toCharArray();
                try (InputStream in = Files.newInputStream(file)) {
                    trust.load(in, password);
                }
            } else {
                trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int n = 0;
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trust.setCertificateEntry("hub-" + n++, c);
                    }
                }
                if (n == 0) {
                    throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, "federation.tls.trust-store "
                            + file + " holds no PEM certificate");
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return Optional.of(ctx);
        } catch (IOException | GeneralSecurityException e) {
            throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, "cannot read federation.tls.trust-store "
                    + file + " (PEM certificates, or PKCS12 named *.p12 with federation.tls.trust-store-password): "
                    + e.getMessage(), e);
        }
    }

    private static String safeName(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
                b.append(c);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
            if (b.length() >= 59) {
                break;
            }
        }
        String s = b.toString();
        while (s.startsWith(".") || s.startsWith("-") || s.startsWith("_")) {
            s = s.substring(1);
        }
        return s.isEmpty() ? "unnamed" : s;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        scheduler.shutdownNow();
        if (sender != null) {
            sender.close();
            sender = null;
        }
        if (fetcher != null) {
            fetcher.close();
            fetcher = null;
        }
    }
}
