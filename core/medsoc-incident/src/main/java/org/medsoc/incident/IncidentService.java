package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.database.Sql;

/**
 * The incident desk of medsoc: turns alerts into incidents (grouping, deduplication, suppression), moves incidents
 * through their lifecycle, keeps their SLA deadlines, comments, evidence and timeline, and answers lists and
 * metrics. Every method takes the tenant explicitly and sees only that tenant's rows; every write is one
 * transaction. Changes to an incident carry the version the caller read; a stale version fails with {@link
 * DatabaseErrorCode#CONCURRENT_MODIFICATION} and writes nothing.
 */
public final class IncidentService {
    /*
     * Design notes.
     * - Idempotent intake: incident_alert has one row per (tenant, alert id), written in the same transaction as
     *   the incident change it caused, so a replayed alert is recognised and changes nothing. Intake batches are
     *   serialised in this JVM (intakeLock) so two batches cannot both open an incident for the same key.
     * - Grouping: an alert joins the most recent OPEN incident (NEW, TRIAGING, CONTAINING) with its grouping key
     *   whose alerts lie within the window of its time. A resolved or closed incident is never reopened by an
     *   alert: the analyst's conclusion stands, and the new activity gets a fresh incident with its own SLA clock
     *   (the analyst may link or mark it a duplicate).
     * - Alerts joining only change counts, times, attributes and evidence; they do not bump the version, so an
     *   analyst working on a busy incident is not refused. A severity escalation does bump it.
     * - First response: the first acknowledge, assignment, comment or transition made by a person (not SYSTEM).
     * - SLA deadlines are stored (response_due, resolution_due) so overdue lists are plain indexed queries; they are
     *   computed when the incident opens, tightened (never loosened) on automatic escalation, recomputed on a manual
     *   severity change, and the resolution clock restarts on reopen.
     */
    /** The longest comment, in characters. */
    public static final int MAX_COMMENT_LENGTH = 10_000;

    /** The most values kept per attribute kind per incident. */
    public static final int MAX_ATTRIBUTE_VALUES = 100;

    private static final System.Logger LOG = System.getLogger(IncidentService.class.getName());
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<TransactionalListener> transactionalListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final String OPEN_STATES = "('NEW', 'TRIAGING', 'CONTAINING')";
    private static final String BREACHED = "((i.first_response_at IS NULL AND i.response_due < :now)"
            + " OR (i.first_response_at IS NOT NULL AND i.first_response_at > i.response_due)"
            + " OR (i.resolved_at IS NULL AND i.resolution_due < :now)"
            + " OR (i.resolved_at IS NOT NULL AND i.resolved_at > i.resolution_due))";

    private final Database db;
    private final Clock clock;
    private final IncidentPolicies policies;
    private final SuppressionService suppressions;
    private final Object intakeLock = new Object();

    private IncidentService(Database db, Clock clock, IncidentPolicies policies) {
        this.db = db;
        this.clock = clock;
        this.policies = policies;
        this.suppressions = new SuppressionService(db, clock);
    }

    /** Applies the module's schema migrations and returns the service. */
    public static IncidentService create(Database db, Clock clock, IncidentPolicies policies) {
        requireNonNull(db, "db is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(policies, "policies is null");
        db.migrate("incident");
        return new IncidentService(db, clock, policies);
    }

    /** The suppression entries (tuning). */
    public SuppressionService suppressions() {
        return suppressions;
    }

    /** The SLA and grouping policies per tenant. */
    public IncidentPolicies policies() {
        return policies;
    }

    // ------------------------------------------------------------------------------------------------ intake

    /**
     * Takes a batch of stored alerts (any tenants): each is suppressed, joins an open incident or opens one. The
     * whole batch is one transaction; an alert id seen before is skipped, so replaying a batch after a crash changes
     * nothing.
     */
    public IntakeResult onAlerts(List<AlertRecord> alerts) {
        requireNonNull(alerts, "alerts is null");
        if (alerts.isEmpty()) {
            return new IntakeResult(0, 0, 0, 0);
        }
        Map<TenantId, List<AlertRecord>> byTenant = new LinkedHashMap<>();
        for (AlertRecord a : alerts) {
            byTenant.computeIfAbsent(a.tenant(), t -> new ArrayList<>()).add(a);
        }
        IntakeResult result;
        List<IntakeChange> changed = new ArrayList<>();
        synchronized (intakeLock) {
            Instant now = Sql.millis(clock.instant());
            int[] counts = new int[4];
            transaction("alert intake", h -> {
                changed.clear();
                for (Map.Entry<TenantId, List<AlertRecord>> e : byTenant.entrySet()) {
                    List<AlertRecord> sorted = new ArrayList<>(e.getValue());
                    sorted.sort(Comparator.comparing(AlertRecord::time));
                    new Intake(h, e.getKey(), now, counts, changed).run(sorted);
                }
                for (IntakeChange c : transactionalListeners.isEmpty() ? List.<IntakeChange>of() : changed) {
                    Incident after = loadOne(h, c.tenant(), c.id(), now).orElseThrow();
                    tellInTransaction(h, after, c.opened() ? ChangeKind.OPENED : ChangeKind.ESCALATED);
                }
                return null;
            });
            result = new IntakeResult(counts[0], counts[1], counts[2], counts[3]);
        }
        notifyListeners(changed);
        return result;
    }

    /**
     * What happens to incidents, told after the change committed: an incident opened by alerts, or escalated to a
     * higher severity by a joining alert. Listeners run on the intake thread and must be quick (hand work to a
     * durable queue such as the playbook executor); a listener's failure is logged and does not undo the intake.
     */
    public interface Listener {
        /** An incident was opened. */
        void opened(Incident incident);

        /** An open incident's severity was raised. */
        void escalated(Incident incident);

        /**
         * An incident was changed by a person or playbook (a transition, an assignment or an edit), told after the
         * change committed; not told for intake (see {@link #opened} and {@link #escalated}).
         */
        default void changed(Incident incident) {}
    }

    /** What happened to an incident, as told to a {@link TransactionalListener}. */
    public enum ChangeKind {
        /** Opened by an alert of an intake batch. */
        OPENED,
        /** Severity raised by a joining alert of an intake batch. */
        ESCALATED,
        /** Changed by a person or playbook: a transition, an assignment or an edit. */
        CHANGED
    }

    /**
     * What happens to incidents, told inside the transaction that makes the change (every intake batch that opens or
     * escalates an incident, every transition, assignment and edit), so that whatever the listener writes through
     * {@code h} commits with the change or not at all (an outbox of reports, for example). A listener that throws rolls
     * the change back and the caller sees the failure. Listeners must only write through {@code h}, quickly, and must
     * not call back into this service.
     */
    @FunctionalInterface
    public interface TransactionalListener {
        /** The incident as it is after the change, in the change's transaction {@code h}. */
        void changed(Handle h, Incident after, ChangeKind kind);
    }

    /** Adds a listener told inside the transaction of every change (see {@link TransactionalListener}). */
    public void addTransactionalListener(TransactionalListener listener) {
        transactionalListeners.add(requireNonNull(listener, "listener is null"));
    }

    private void tellInTransaction(Handle h, Incident after, ChangeKind kind) {
        for (TransactionalListener l : transactionalListeners) {
            l.changed(h, after, kind);
        }
    }

    /** An incident opened or escalated by an intake batch. */
    private record IntakeChange(TenantId tenant, long id, boolean opened) {}

    /** Adds a listener of opened and escalated incidents. */
    public void addListener(Listener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    private void notifyListeners(List<IntakeChange> changed) {
        if (listeners.isEmpty()) {
            return;
        }
        for (IntakeChange c : changed) {
            TenantId tenant = c.tenant();
            Optional<Incident> incident = find(tenant, c.id());
            if (incident.isEmpty()) {
                continue;
            }
            for (Listener l : listeners) {
                try {
                    if (c.opened()) {
                        l.opened(incident.get());
                    } else {
                        l.escalated(incident.get());
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "incident listener failed for incident " + c.id() + " of "
                            + tenant + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * One tenant's part of an intake batch. Reads once per batch (which alert ids are known, which open incidents the
     * batch's grouping keys may join) and writes in JDBC batches, in the order of the alerts, so that a batch of a few
     * hundred alerts costs a handful of statements instead of several per alert. Decisions are the same as taking the
     * alerts one by one: joins and opens of earlier alerts of the batch are seen by later ones (kept in memory).
     */
    private final class Intake {
        private final Handle h;
        private final TenantId tenant;
        private final Instant now;
        private final int[] counts;
        private final GroupingPolicy grouping;
        private final SlaPolicy sla;
        private final List<SuppressionRule> active;
        private final Map<Long, long[]> hits = new HashMap<>();
        private final Map<Long, long[]> joins = new LinkedHashMap<>();
        private final Map<Long, Map<AttributeKind, Set<String>>> attributes = new HashMap<>();
        private final Set<String> seen = new HashSet<>();
        private final List<IntakeChange> changed;
        /** Per grouping key: its open incidents that may take an alert of this batch, and those the batch opened. */
        private final Map<String, List<OpenIncident>> candidates = new HashMap<>();
        /** Incidents the batch joined or opened, in the order first touched. */
        private final Map<Long, OpenIncident> touched = new LinkedHashMap<>();
        /** Evidence to add, in order; EVENT refs already pending per incident ("id\nref"). */
        private final List<PendingEvidence> evidence = new ArrayList<>();
        private final Set<String> pendingEventRefs = new HashSet<>();
        private final PreparedBatch alertRows;
        private final PreparedBatch attributeRows;

        Intake(Handle h, TenantId tenant, Instant now, int[] counts, List<IntakeChange> changed) {
            this.changed = changed;
            this.h = h;
            this.tenant = tenant;
            this.now = now;
            this.counts = counts;
            this.grouping = policies.grouping(tenant);
            this.sla = policies.sla(tenant);
            this.active = suppressions.active(h, tenant, now);
            this.alertRows = h.prepareBatch("INSERT INTO incident_alert (tenant_id, alert_id, incident_id,"
                    + " suppression_id, rule_id, alert_time, received_at) VALUES (:t, :a, :i, :s, :rule, :time, :now)");
            this.attributeRows = h.prepareBatch("INSERT INTO incident_attribute (tenant_id, incident_id, kind, val)"
                    + " VALUES (:t, :id, :kind, :val)");
        }

        void run(List<AlertRecord> alerts) {
            Set<String> known = knownAlertIds(alerts);
            List<AlertRecord> fresh = new ArrayList<>(alerts.size());
            for (AlertRecord a : alerts) {
                if (!seen.add(a.alertId()) || known.contains(a.alertId())) {
                    counts[3]++;
                } else {
                    fresh.add(a);
                }
            }
            loadCandidates(fresh);
            for (AlertRecord a : fresh) {
                take(a);
            }
            if (alertRows.size() > 0) {
                alertRows.execute();
            }
            for (OpenIncident inc : touched.values()) {
                h.createUpdate("UPDATE incident SET alert_count = alert_count + :n,"
                                + " first_alert_at = CASE WHEN first_alert_at > :first THEN :first ELSE first_alert_at END,"
                                + " last_alert_at = CASE WHEN last_alert_at < :last THEN :last ELSE last_alert_at END,"
                                + " updated_at = :now WHERE tenant_id = :t AND id = :id")
                        .bind("n", inc.added).bind("first", Sql.at(inc.firstAlertAt))
                        .bind("last", Sql.at(inc.lastAlertAt)).bind("now", Sql.at(now))
                        .bind("t", tenant.value()).bind("id", inc.id).execute();
            }
            if (attributeRows.size() > 0) {
                attributeRows.execute();
            }
            writeEvidence();
            suppressions.recordHits(h, tenant, hits);
            for (Map.Entry<Long, long[]> j : joins.entrySet()) {
                long[] c = j.getValue();
                if (c[1] > c[0]) {
                    timeline(h, tenant, j.getKey(), now, Actor.SYSTEM, "alerts_joined", "alert_count",
                            Long.toString(c[0]), Long.toString(c[1]), (c[1] - c[0]) + " alert(s) joined");
                }
            }
        }

        /**
         * The ids among the alerts' that the intake has already taken (replay): one prepared point lookup per alert on
         * the primary key (H2 does not use an index for an {@code IN} list on a key's second column).
         */
        private Set<String> knownAlertIds(List<AlertRecord> alerts) {
            Set<String> known = new HashSet<>();
            try (PreparedStatement ps = h.getConnection().prepareStatement(
                    "SELECT 1 FROM incident_alert WHERE tenant_id = ? AND alert_id = ?")) {
                ps.setString(1, tenant.value());
                for (AlertRecord a : alerts) {
                    ps.setString(2, a.alertId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            known.add(a.alertId());
                        }
                    }
                }
            } catch (SQLException e) {
                throw intakeFailed("looking up known alerts", e);
            }
            return known;
        }

        /**
         * Loads, per grouping key of the batch, the open incidents an alert of the batch could join: those overlapping
         * the union of the key's alerts' windows (a superset of what each alert's own window admits).
         */
        private void loadCandidates(List<AlertRecord> alerts) {
            Map<String, Instant[]> ranges = new LinkedHashMap<>();
            for (AlertRecord a : alerts) {
                Duration window = grouping.forRule(a.ruleId()).window();
                Instant lo = Sql.millis(a.time().minus(window));
                Instant hi = Sql.millis(a.time().plus(window));
                Instant[] r = ranges.computeIfAbsent(grouping.keyOf(a), k -> new Instant[] {lo, hi});
                r[0] = min(r[0], lo);
                r[1] = r[1].isAfter(hi) ? r[1] : hi;
            }
            for (Map.Entry<String, Instant[]> e : ranges.entrySet()) {
                List<OpenIncident> open = h.createQuery("SELECT id, alert_count, severity, first_alert_at,"
                                + " last_alert_at, created_at, sla_started_at, response_due, resolution_due FROM incident"
                                + " WHERE tenant_id = :t AND grouping_key = :k AND state IN " + OPEN_STATES
                                + " AND last_alert_at >= :lo AND first_alert_at <= :hi")
                        .bind("t", tenant.value()).bind("k", e.getKey()).bind("lo", Sql.at(e.getValue()[0]))
                        .bind("hi", Sql.at(e.getValue()[1]))
                        .map((rs, ctx) -> new OpenIncident(rs.getLong("id"), rs.getLong("alert_count"),
                                Severity.valueOf(rs.getString("severity")),
                                Sql.instant(rs, "first_alert_at"), Sql.instant(rs, "last_alert_at"),
                                Sql.instant(rs, "created_at"), Sql.instant(rs, "sla_started_at"),
                                Sql.instant(rs, "response_due"), Sql.instant(rs, "resolution_due"), false))
                        .list();
                candidates.put(e.getKey(), new ArrayList<>(open));
            }
        }

        private void take(AlertRecord a) {
            for (SuppressionRule s : active) {
                if (s.matches(a, now)) {
                    long[] hit = hits.computeIfAbsent(s.id(), k -> new long[2]);
                    hit[0]++;
                    hit[1] = Math.max(hit[1], now.toEpochMilli());
                    recordAlert(a, null, s.id());
                    counts[2]++;
                    return;
                }
            }
            String key = grouping.keyOf(a);
            Duration window = grouping.forRule(a.ruleId()).window();
            OpenIncident open = openIncident(key, Sql.millis(a.time().minus(window)),
                    Sql.millis(a.time().plus(window)));
            long id;
            if (open != null) {
                id = join(open, a);
            } else {
                id = open(a, key);
                counts[0]++;
            }
            counts[1]++;
            recordAlert(a, id, null);
            addAttributes(id, a);
            addEvidence(id, a);
        }

        /**
         * The open incident with the key that the alert joins: the one whose alerts lie within the window of the
         * alert's time and whose last alert is latest (then the highest id) — as {@code ORDER BY last_alert_at DESC,
         * id DESC LIMIT 1} over the incident table would answer.
         */
        private @Nullable OpenIncident openIncident(String key, Instant lo, Instant hi) {
            OpenIncident best = null;
            for (OpenIncident c : candidates.getOrDefault(key, List.of())) {
                if (c.lastAlertAt.isBefore(lo) || c.firstAlertAt.isAfter(hi)) {
                    continue;
                }
                if (best == null || c.lastAlertAt.isAfter(best.lastAlertAt)
                        || (c.lastAlertAt.equals(best.lastAlertAt) && c.id > best.id)) {
                    best = c;
                }
            }
            return best;
        }

        private long open(AlertRecord a, String key) {
            Severity severity = a.incidentSeverity();
            String entity = grouping.forRule(a.ruleId()).keyFields().stream().map(a.entities()::get)
                    .filter(v -> v != null).findFirst().orElse(null);
            String title = entity == null ? a.ruleTitle() : a.ruleTitle() + " on " + entity;
            if (title.isBlank()) {
                title = a.ruleId();
            }
            Instant time = Sql.millis(a.time());
            Instant responseDue = Sql.millis(sla.responseDue(severity, now));
            Instant resolutionDue = Sql.millis(sla.resolutionDue(severity, now));
            long id = h.createUpdate("INSERT INTO incident (tenant_id, title, description, state, severity,"
                            + " severity_rank, assignee, rule_id, grouping_key, alert_count, first_alert_at,"
                            + " last_alert_at, created_at, updated_at, sla_started_at, response_due, resolution_due,"
                            + " version) VALUES (:t, :title, '', 'NEW', :sev, :rank, NULL, :rule, :key, 0, :time,"
                            + " :time, :now, :now, :now, :rdue, :xdue, 0)")
                    .bind("t", tenant.value()).bind("title", cut(title, 500)).bind("sev", severity.name())
                    .bind("rank", severity.rank()).bind("rule", a.ruleId()).bind("key", key)
                    .bind("time", Sql.at(time)).bind("now", Sql.at(now))
                    .bind("rdue", Sql.at(responseDue))
                    .bind("xdue", Sql.at(resolutionDue))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            timeline(h, tenant, id, now, Actor.SYSTEM, "created", "severity", null, severity.label(),
                    "opened by alert " + a.alertId() + " of rule " + a.ruleId());
            // alert_count (0 here) is raised by the batch's one update per incident, this alert included
            OpenIncident inc = new OpenIncident(id, 0, severity, time, time, now, now, responseDue,
                    resolutionDue, true);
            inc.added = 1;
            candidates.computeIfAbsent(key, k -> new ArrayList<>()).add(inc);
            touched.put(id, inc);
            attributes.put(id, new EnumMap<>(AttributeKind.class));
            joins.put(id, new long[] {1, 1});
            changed.add(new IntakeChange(tenant, id, true));
            return id;
        }

        private long join(OpenIncident inc, AlertRecord a) {
            Instant time = Sql.millis(a.time());
            inc.firstAlertAt = min(inc.firstAlertAt, time);
            inc.lastAlertAt = inc.lastAlertAt.isBefore(time) ? time : inc.lastAlertAt;
            inc.added++;
            touched.putIfAbsent(inc.id, inc);
            long[] c = joins.computeIfAbsent(inc.id, k -> new long[] {inc.alertCount, inc.alertCount});
            c[1]++;
            Severity current = inc.severity;
            Severity incoming = a.incidentSeverity();
            if (incoming.rank() > current.rank()) {
                Instant responseDue = min(inc.responseDue, Sql.millis(sla.responseDue(incoming, inc.createdAt)));
                Instant resolutionDue = min(inc.resolutionDue,
                        Sql.millis(sla.resolutionDue(incoming, inc.slaStartedAt)));
                // the rank condition keeps a severity someone raised meanwhile from being lowered
                int raised = h.createUpdate("UPDATE incident SET severity = :sev, severity_rank = :rank,"
                                + " response_due = :rdue, resolution_due = :xdue, version = version + 1"
                                + " WHERE tenant_id = :t AND id = :id AND severity_rank < :rank")
                        .bind("sev", incoming.name()).bind("rank", incoming.rank())
                        .bind("rdue", Sql.at(responseDue)).bind("xdue", Sql.at(resolutionDue))
                        .bind("t", tenant.value()).bind("id", inc.id).execute();
                inc.severity = incoming;
                inc.responseDue = responseDue;
                inc.resolutionDue = resolutionDue;
                if (raised > 0) {
                    timeline(h, tenant, inc.id, now, Actor.SYSTEM, "severity_escalated", "severity",
                            current.label(), incoming.label(), "alert " + a.alertId() + " of rule " + a.ruleId()
                                    + " is " + a.level());
                    changed.add(new IntakeChange(tenant, inc.id, false));
                }
            }
            return inc.id;
        }

        private void recordAlert(AlertRecord a, @Nullable Long incidentId, @Nullable Long suppressionId) {
            alertRows.bind("t", tenant.value()).bind("a", a.alertId()).bind("i", incidentId)
                    .bind("s", suppressionId).bind("rule", a.ruleId()).bind("time", Sql.at(a.time()))
                    .bind("now", Sql.at(now)).add();
        }

        private void addAttributes(long id, AlertRecord a) {
            Map<AttributeKind, Set<String>> have = attributes.computeIfAbsent(id, k -> loadAttributeSets(id));
            for (String tag : a.tags()) {
                addAttribute(have, id, AttributeKind.TAG, tag);
            }
            for (String asset : a.assetIds()) {
                addAttribute(have, id, AttributeKind.ASSET, asset);
            }
            a.entity(EntityField.HOST_NAME).ifPresent(v -> addAttribute(have, id, AttributeKind.HOST, v));
            a.entity(EntityField.USER_NAME).ifPresent(v -> addAttribute(have, id, AttributeKind.USER, v));
            a.entity(EntityField.SOURCE_IP).ifPresent(v -> addAttribute(have, id, AttributeKind.SOURCE_IP, v));
            a.entity(EntityField.DESTINATION_IP)
                    .ifPresent(v -> addAttribute(have, id, AttributeKind.DESTINATION_IP, v));
            a.entity(EntityField.BUSINESS_SYSTEM)
                    .ifPresent(v -> addAttribute(have, id, AttributeKind.BUSINESS_SYSTEM, v));
        }

        private Map<AttributeKind, Set<String>> loadAttributeSets(long id) {
            Map<AttributeKind, Set<String>> m = new EnumMap<>(AttributeKind.class);
            h.createQuery("SELECT kind, val FROM incident_attribute WHERE tenant_id = :t AND incident_id = :id")
                    .bind("t", tenant.value()).bind("id", id)
                    .map((rs, ctx) -> m.computeIfAbsent(AttributeKind.valueOf(rs.getString("kind")),
                            k -> new HashSet<>()).add(rs.getString("val")))
                    .list();
            return m;
        }

        private void addAttribute(Map<AttributeKind, Set<String>> have, long id, AttributeKind kind, String value) {
            String v = cut(value.strip(), 300);
            Set<String> values = have.computeIfAbsent(kind, k -> new HashSet<>());
            if (v.isEmpty() || values.contains(v) || values.size() >= MAX_ATTRIBUTE_VALUES) {
                return;
            }
            values.add(v);
            attributeRows.bind("t", tenant.value()).bind("id", id).bind("kind", kind.name()).bind("val", v).add();
        }

        private void addEvidence(long id, AlertRecord a) {
            evidence.add(new PendingEvidence(id, Evidence.Kind.ALERT, a.alertId(),
                    cut("rule " + a.ruleId() + ": " + a.ruleTitle(), 2000)));
            addEventEvidence(id, cut(a.matchedEventId(), 300), "matched event of alert " + a.alertId());
            for (String member : a.memberEventIds()) {
                addEventEvidence(id, cut(member, 300), "correlation member of alert " + a.alertId());
            }
        }

        private void addEventEvidence(long id, String ref, String note) {
            if (pendingEventRefs.add(id + "\n" + ref)) {
                evidence.add(new PendingEvidence(id, Evidence.Kind.EVENT, ref, note));
            }
        }

        /** Adds the batch's evidence in order, leaving out EVENT refs an incident already had before the batch. */
        private void writeEvidence() {
            if (evidence.isEmpty()) {
                return;
            }
            // EVENT refs an incident had before the batch: point lookups on the unique key (incidents opened by
            // the batch have none)
            Set<String> existing = new HashSet<>();
            try (PreparedStatement ps = h.getConnection().prepareStatement("SELECT 1 FROM incident_evidence"
                    + " WHERE tenant_id = ? AND incident_id = ? AND kind = 'EVENT' AND ref = ?")) {
                ps.setString(1, tenant.value());
                for (PendingEvidence e : evidence) {
                    OpenIncident inc = touched.get(e.incidentId());
                    if (e.kind() != Evidence.Kind.EVENT || (inc != null && inc.openedHere)) {
                        continue;
                    }
                    ps.setLong(2, e.incidentId());
                    ps.setString(3, e.ref());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            existing.add(e.incidentId() + "\n" + e.ref());
                        }
                    }
                }
            } catch (SQLException e) {
                throw intakeFailed("looking up evidence", e);
            }
            PreparedBatch rows = h.prepareBatch("INSERT INTO incident_evidence (tenant_id, incident_id, kind, ref,"
                    + " note, added_by, added_at) VALUES (:t, :i, :kind, :ref, :note, :by, :now)");
            for (PendingEvidence e : evidence) {
                if (e.kind() == Evidence.Kind.EVENT && existing.contains(e.incidentId() + "\n" + e.ref())) {
                    continue;
                }
                rows.bind("t", tenant.value()).bind("i", e.incidentId()).bind("kind", e.kind().name())
                        .bind("ref", e.ref()).bind("note", e.note()).bind("by", Actor.SYSTEM.id())
                        .bind("now", Sql.at(now)).add();
            }
            if (rows.size() > 0) {
                rows.execute();
            }
        }
    }

    private static MedsocException intakeFailed(String what, SQLException e) {
        return new MedsocException(DatabaseErrorCode.STATEMENT_FAILED, "alert intake failed " + what + ": "
                + e.getMessage() + " (the batch is rolled back and retried)", e);
    }

    /** Evidence an intake batch adds to an incident. */
    private record PendingEvidence(long incidentId, Evidence.Kind kind, String ref, String note) {}

    /**
     * An open incident as an intake batch sees it: read once, then kept up to date in memory by the batch's joins
     * ({@code added} alerts so far, first and last alert times, severity and deadlines after escalations).
     */
    private static final class OpenIncident {
        final long id;
        final long alertCount;
        final Instant createdAt;
        final Instant slaStartedAt;
        final boolean openedHere;
        Severity severity;
        Instant firstAlertAt;
        Instant lastAlertAt;
        Instant responseDue;
        Instant resolutionDue;
        long added;

        OpenIncident(long id, long alertCount, Severity severity, Instant firstAlertAt,
                Instant lastAlertAt, Instant createdAt, Instant slaStartedAt, Instant responseDue,
                Instant resolutionDue, boolean openedHere) {
            this.id = id;
            this.alertCount = alertCount;
            this.severity = severity;
            this.firstAlertAt = firstAlertAt;
            this.lastAlertAt = lastAlertAt;
            this.createdAt = createdAt;
            this.slaStartedAt = slaStartedAt;
            this.responseDue = responseDue;
            this.resolutionDue = resolutionDue;
            this.openedHere = openedHere;
        }
    }

    // --------------------------------------------------------------------------------------------- lifecycle

    /** {@code acknowledge}: NEW → TRIAGING; assigns the incident to the actor if nobody has it. */
    public Incident acknowledge(TenantId tenant, long id, long expectedVersion, Actor actor) {
        return change(tenant, id, expectedVersion, actor, (cur, c) -> {
            c.transition(Transition.ACKNOWLEDGE, cur, null);
            if (cur.assignee().isEmpty()) {
                c.set("assignee", actor.id());
                c.entry("assigned", "assignee", null, actor.id(), null);
            }
        });
    }

    /** {@code contain}: TRIAGING → CONTAINING. */
    public Incident contain(TenantId tenant, long id, long expectedVersion, Actor actor) {
        return change(tenant, id, expectedVersion, actor, (cur, c) -> c.transition(Transition.CONTAIN, cur, null));
    }

    /** {@code resolve}: TRIAGING|CONTAINING → RESOLVED with a resolution and a summary (both required). */
    public Incident resolve(TenantId tenant, long id, long expectedVersion, Actor actor, Resolution resolution,
            String summary) {
        requireNonNull(resolution, "resolution is null");
        String text = required("resolution summary", summary, MAX_COMMENT_LENGTH);
        return change(tenant, id, expectedVersion, actor, (cur, c) -> resolveInto(Transition.RESOLVE, cur, c,
                resolution, text));
    }

    /** {@code mark_false_positive}: NEW|TRIAGING → RESOLVED as false positive, with a summary (required). */
    public Incident markFalsePositive(TenantId tenant, long id, long expectedVersion, Actor actor, String summary) {
        String text = required("false-positive summary", summary, MAX_COMMENT_LENGTH);
        return change(tenant, id, expectedVersion, actor, (cur, c) -> resolveInto(Transition.MARK_FALSE_POSITIVE,
                cur, c, Resolution.FALSE_POSITIVE, text));
    }

    /** {@code close}: RESOLVED → CLOSED. */
    public Incident close(TenantId tenant, long id, long expectedVersion, Actor actor) {
        return change(tenant, id, expectedVersion, actor, (cur, c) -> {
            c.transition(Transition.CLOSE, cur, null);
            c.set("closed_at", Sql.at(c.now));
        });
    }

    /**
     * {@code reopen}: RESOLVED|CLOSED → TRIAGING with a reason (required). Clears the resolution and restarts the
     * resolution clock from now.
     */
    public Incident reopen(TenantId tenant, long id, long expectedVersion, Actor actor, String reason) {
        String text = required("reopen reason", reason, 2000);
        return change(tenant, id, expectedVersion, actor, (cur, c) -> {
            c.transition(Transition.REOPEN, cur, text);
            c.set("resolved_at", Sql.at(null));
            c.set("closed_at", Sql.at(null));
            c.set("resolution", null);
            c.set("resolution_summary", null);
            c.set("sla_started_at", Sql.at(c.now));
            c.set("resolution_due", Sql.at(policies.sla(tenant).resolutionDue(cur.severity(), c.now)));
        });
    }

    /** Assigns the incident to a user id (1 to 200 characters). */
    public Incident assign(TenantId tenant, long id, long expectedVersion, Actor actor, String assignee) {
        String who = required("assignee", assignee, 200);
        return change(tenant, id, expectedVersion, actor, (cur, c) -> {
            c.set("assignee", who);
            c.entry("assigned", "assignee", cur.assignee().orElse(null), who, null);
            c.firstResponse(cur);
        });
    }

    /** Removes the assignee. */
    public Incident unassign(TenantId tenant, long id, long expectedVersion, Actor actor) {
        return change(tenant, id, expectedVersion, actor, (cur, c) -> {
            c.set("assignee", null);
            c.entry("unassigned", "assignee", cur.assignee().orElse(null), null, null);
        });
    }

    /** Changes title, description or severity; each changed field gets a timeline entry. */
    public Incident edit(TenantId tenant, long id, long expectedVersion, Actor actor, IncidentEdit edit) {
        requireNonNull(edit, "edit is null");
        Optional<String> title = edit.title().map(t -> required("title", t, 500));
        Optional<String> description = edit.description().map(d -> {
            if (d.length() > MAX_COMMENT_LENGTH) {
                throw invalid("description is " + d.length() + " characters; the limit is " + MAX_COMMENT_LENGTH);
            }
            return d;
        });
        return change(tenant, id, expectedVersion, actor, (cur, c) -> {
            if (title.isPresent() && !title.get().equals(cur.title())) {
                c.set("title", title.get());
                c.entry("edited", "title", cur.title(), title.get(), null);
            }
            if (description.isPresent() && !description.get().equals(cur.description())) {
                c.set("description", description.get());
                c.entry("edited", "description", cut(cur.description(), 2000), cut(description.get(), 2000), null);
            }
            if (edit.severity().isPresent() && edit.severity().get() != cur.severity()) {
                Severity s = edit.severity().get();
                SlaPolicy sla = policies.sla(tenant);
                c.set("severity", s.name());
                c.set("severity_rank", s.rank());
                c.set("response_due", Sql.at(sla.responseDue(s, cur.createdAt())));
                c.set("resolution_due", Sql.at(sla.resolutionDue(s, cur.slaStartedAt())));
                c.entry("edited", "severity", cur.severity().label(), s.label(), null);
            }
        });
    }

    /**
     * Adds a comment (at most {@link #MAX_COMMENT_LENGTH} characters; longer fails with {@link
     * IncidentErrorCode#COMMENT_TOO_LONG}). A person's comment counts as first response. Comments do not change the
     * incident's version.
     */
    public Comment comment(TenantId tenant, long id, Actor actor, String body) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(body, "body is null");
        if (body.length() > MAX_COMMENT_LENGTH) {
            throw new MedsocException(IncidentErrorCode.COMMENT_TOO_LONG, "comment is " + body.length()
                    + " characters; the limit is " + MAX_COMMENT_LENGTH + ": shorten it or attach the text as evidence");
        }
        if (body.isBlank()) {
            throw invalid("comment is empty");
        }
        Instant now = Sql.millis(clock.instant());
        return transaction("comment on incident " + id, h -> {
            requireRow(h, tenant, id);
            touch(h, tenant, id, actor, now);
            long cid = h.createUpdate("INSERT INTO incident_comment (tenant_id, incident_id, author_id, author_name,"
                            + " body, created_at) VALUES (:t, :i, :aid, :aname, :body, :now)")
                    .bind("t", tenant.value()).bind("i", id).bind("aid", actor.id()).bind("aname", actor.name())
                    .bind("body", body).bind("now", Sql.at(now))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            timeline(h, tenant, id, now, actor, "commented", null, null, null, "comment " + cid);
            return new Comment(cid, id, actor, body, now);
        });
    }

    /** Links an alert or event as evidence with a note; linking the same reference twice fails as a duplicate. */
    public Evidence addEvidence(TenantId tenant, long id, Actor actor, Evidence.Kind kind, String ref, String note) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(kind, "kind is null");
        String r = required("evidence reference", ref, 300);
        String n = required("evidence note", note, 2000);
        Instant now = Sql.millis(clock.instant());
        return transaction(kind.name().toLowerCase(Locale.ROOT) + " " + r + " as evidence of incident " + id, h -> {
            requireRow(h, tenant, id);
            long eid = insertEvidence(h, tenant, id, kind, r, n, actor, now);
            h.createUpdate("UPDATE incident SET updated_at = :now WHERE tenant_id = :t AND id = :id")
                    .bind("now", Sql.at(now)).bind("t", tenant.value()).bind("id", id).execute();
            timeline(h, tenant, id, now, actor, "evidence_added", "evidence", null, kind.name() + " " + r, n);
            return new Evidence(eid, id, kind, r, Optional.of(n), actor.id(), now);
        });
    }

    /** Applies one change to an incident: load, check version, let {@code work} fill the change, write. */
    private Incident change(TenantId tenant, long id, long expectedVersion, Actor actor, ChangeWork work) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        Instant now = Sql.millis(clock.instant());
        Incident changed = transaction("incident " + id, h -> {
            Incident cur = loadOne(h, tenant, id, now).orElseThrow(() -> notFound(id));
            if (cur.version() != expectedVersion) {
                throw stale(id, cur.version(), expectedVersion);
            }
            Change c = new Change(actor, now);
            work.apply(cur, c);
            if (c.sets.isEmpty() && c.entries.isEmpty()) {
                return cur;
            }
            StringBuilder sql = new StringBuilder("UPDATE incident SET ");
            int n = 0;
            for (String column : c.sets.keySet()) {
                sql.append(column).append(" = :c").append(n++).append(", ");
            }
            sql.append("updated_at = :now, version = version + 1 WHERE tenant_id = :t AND id = :id AND version = :v");
            var update = h.createUpdate(sql.toString());
            n = 0;
            for (Object value : c.sets.values()) {
                update.bind("c" + n++, value);
            }
            int rows = update.bind("now", Sql.at(now)).bind("t", tenant.value()).bind("id", id)
                    .bind("v", expectedVersion).execute();
            if (rows == 0) {
                throw stale(id, cur.version() + 1, expectedVersion);
            }
            for (Object[] e : c.entries) {
                timeline(h, tenant, id, now, actor, (String) e[0], (String) e[1], (String) e[2], (String) e[3],
                        (String) e[4]);
            }
            Incident after = loadOne(h, tenant, id, now).orElseThrow();
            tellInTransaction(h, after, ChangeKind.CHANGED);
            return after;
        });
        if (changed.version() != expectedVersion) {
            for (Listener l : listeners) {
                try {
                    l.changed(changed);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "incident listener failed for change of incident " + id
                            + " of " + tenant + ": " + e.getMessage(), e);
                }
            }
        }
        return changed;
    }

    @FunctionalInterface
    private interface ChangeWork {
        void apply(Incident current, Change change);
    }

    /** The columns and timeline entries of one change; column names are constants of this class. */
    private static final class Change {
        final Actor actor;
        final Instant now;
        final Map<String, @Nullable Object> sets = new LinkedHashMap<>();
        final List<@Nullable String[]> entries = new ArrayList<>();

        Change(Actor actor, Instant now) {
            this.actor = actor;
            this.now = now;
        }

        void set(String column, @Nullable Object value) {
            sets.put(column, value);
        }

        void entry(String what, @Nullable String field, @Nullable String oldValue, @Nullable String newValue,
                @Nullable String note) {
            entries.add(new @Nullable String[] {what, field, oldValue, newValue, note});
        }

        void transition(Transition t, Incident cur, @Nullable String note) {
            IncidentState to = t.apply(cur.id(), cur.state());
            set("state", to.name());
            entry(t.label(), "state", cur.state().name(), to.name(), note);
            firstResponse(cur);
        }

        void firstResponse(Incident cur) {
            if (actor.isHuman() && cur.firstResponseAt().isEmpty() && !sets.containsKey("first_response_at")) {
                set("first_response_at", Sql.at(now));
            }
        }
    }

    private static void resolveInto(Transition t, Incident cur, Change c, Resolution resolution, String summary) {
        c.transition(t, cur, summary);
        c.set("resolved_at", Sql.at(c.now));
        c.set("resolution", resolution.name());
        c.set("resolution_summary", summary);
        c.entry("resolution", "resolution", cur.resolution().map(Resolution::label).orElse(null),
                resolution.label(), null);
    }

    /** Sets first response (for a person) and updated_at without a version change. */
    private static void touch(Handle h, TenantId tenant, long id, Actor actor, Instant now) {
        String firstResponse = actor.isHuman()
                ? ", first_response_at = CASE WHEN first_response_at IS NULL THEN :now ELSE first_response_at END"
                : "";
        h.createUpdate("UPDATE incident SET updated_at = :now" + firstResponse + " WHERE tenant_id = :t AND id = :id")
                .bind("now", Sql.at(now)).bind("t", tenant.value()).bind("id", id).execute();
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** The incident with this id in the tenant; empty if none (also when it belongs to another tenant). */
    public Optional<Incident> find(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        Instant now = clock.instant();
        return transaction("incident " + id, h -> loadOne(h, tenant, id, now));
    }

    /** The incident with this id in the tenant; {@link IncidentErrorCode#INCIDENT_NOT_FOUND} if none. */
    public Incident load(TenantId tenant, long id) {
        return find(tenant, id).orElseThrow(() -> notFound(id));
    }

    /** The incident's comments, oldest first. */
    public List<Comment> comments(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        return transaction("comments of incident " + id, h -> {
            requireRow(h, tenant, id);
            return h.createQuery("SELECT * FROM incident_comment WHERE tenant_id = :t AND incident_id = :i ORDER BY id")
                    .bind("t", tenant.value()).bind("i", id)
                    .map((rs, ctx) -> new Comment(rs.getLong("id"), id, new Actor(rs.getString("author_id"),
                            rs.getString("author_name")), rs.getString("body"), Sql.instant(rs, "created_at")))
                    .list();
        });
    }

    /** The incident's evidence, oldest first. */
    public List<Evidence> evidence(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        return transaction("evidence of incident " + id, h -> {
            requireRow(h, tenant, id);
            return h.createQuery("SELECT * FROM incident_evidence WHERE tenant_id = :t AND incident_id = :i ORDER BY id")
                    .bind("t", tenant.value()).bind("i", id)
                    .map((rs, ctx) -> new Evidence(rs.getLong("id"), id, Evidence.Kind.valueOf(rs.getString("kind")),
                            rs.getString("ref"), Sql.optionalString(rs, "note"), rs.getString("added_by"),
                            Sql.instant(rs, "added_at")))
                    .list();
        });
    }

    /** The incident's timeline, oldest first. */
    public List<TimelineEntry> timeline(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        return transaction("timeline of incident " + id, h -> {
            requireRow(h, tenant, id);
            return h.createQuery("SELECT * FROM incident_timeline WHERE tenant_id = :t AND incident_id = :i ORDER BY id")
                    .bind("t", tenant.value()).bind("i", id)
                    .map((rs, ctx) -> new TimelineEntry(rs.getLong("id"), id, Sql.instant(rs, "happened_at"),
                            new Actor(rs.getString("actor_id"), rs.getString("actor_name")), rs.getString("what"),
                            Sql.optionalString(rs, "field"), Sql.optionalString(rs, "old_value"),
                            Sql.optionalString(rs, "new_value"), Sql.optionalString(rs, "note")))
                    .list();
        });
    }

    /** The alert ids that joined the incident, in arrival order. */
    public List<String> alertIds(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        return transaction("alerts of incident " + id, h -> h.createQuery("SELECT alert_id FROM incident_alert"
                        + " WHERE tenant_id = :t AND incident_id = :i ORDER BY alert_time, alert_id")
                .bind("t", tenant.value()).bind("i", id).mapTo(String.class).list());
    }

    /** A filtered, sorted page of the tenant's incidents with the total number matching. */
    public Page<Incident> list(TenantId tenant, IncidentQuery q) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(q, "q is null");
        Instant now = clock.instant();
        StringBuilder where = new StringBuilder(" FROM incident i WHERE i.tenant_id = :t");
        Map<String, Object> binds = new HashMap<>();
        binds.put("t", tenant.value());
        binds.put("now", Sql.at(now));
        if (!q.states().isEmpty()) {
            where.append(" AND i.state IN (<states>)");
        }
        if (!q.severities().isEmpty()) {
            where.append(" AND i.severity IN (<severities>)");
        }
        q.assignee().ifPresent(v -> {
            where.append(" AND i.assignee = :assignee");
            binds.put("assignee", v);
        });
        q.ruleId().ifPresent(v -> {
            where.append(" AND i.rule_id = :rule");
            binds.put("rule", v);
        });
        q.businessSystem().ifPresent(v -> {
            where.append(" AND EXISTS (SELECT 1 FROM incident_attribute a WHERE a.tenant_id = i.tenant_id"
                    + " AND a.incident_id = i.id AND a.kind = 'BUSINESS_SYSTEM' AND a.val = :bs)");
            binds.put("bs", v);
        });
        q.titleContains().ifPresent(v -> {
            where.append(" AND LOWER(i.title) LIKE :text ESCAPE '\\'");
            binds.put("text", Sql.containsPattern(v.toLowerCase(Locale.ROOT), '\\'));
        });
        q.createdFrom().ifPresent(v -> {
            where.append(" AND i.created_at >= :from");
            binds.put("from", Sql.at(v));
        });
        q.createdTo().ifPresent(v -> {
            where.append(" AND i.created_at < :to");
            binds.put("to", Sql.at(v));
        });
        q.slaBreached().ifPresent(v -> where.append(v ? " AND " : " AND NOT ").append(BREACHED));
        String dir = q.descending() ? " DESC" : " ASC";
        String order = " ORDER BY i." + q.sort().column() + dir + ", i.id" + dir;
        return transaction("incident list", h -> {
            long total = bindAll(h.createQuery("SELECT COUNT(*)" + where), binds, q).mapTo(Long.class).one();
            List<IncidentRow> rows = bindAll(h.createQuery("SELECT i.*" + where + order
                            + " LIMIT :limit OFFSET :offset"), binds, q)
                    .bind("limit", q.limit()).bind("offset", q.offset()).map((rs, ctx) -> row(rs)).list();
            return new Page<>(withAttributes(h, rows, now), total, q.offset(), q.limit());
        });
    }

    private static Query bindAll(Query query, Map<String, Object> binds, IncidentQuery q) {
        binds.forEach(query::bind);
        if (!q.states().isEmpty()) {
            query.bindList("states", q.states().stream().map(Enum::name).sorted().toList());
        }
        if (!q.severities().isEmpty()) {
            query.bindList("severities", q.severities().stream().map(Enum::name).sorted().toList());
        }
        return query;
    }

    /**
     * Open incidents of the tenants with a breached target (response not given in time, or past the resolution
     * deadline), most overdue first, at most {@code limit}.
     */
    public List<Incident> overdue(Collection<TenantId> tenants, int limit) {
        return dueQuery(tenants, "(i.first_response_at IS NULL AND i.response_due < :now)"
                + " OR i.resolution_due < :now", clock.instant(), limit);
    }

    /**
     * Open incidents of the tenants not yet breached but with a pending deadline within {@code within} from now,
     * soonest first, at most {@code limit}.
     */
    public List<Incident> dueSoon(Collection<TenantId> tenants, Duration within, int limit) {
        requireNonNull(within, "within is null");
        Instant now = clock.instant();
        return dueQuery(tenants, "NOT ((i.first_response_at IS NULL AND i.response_due < :now)"
                + " OR i.resolution_due < :now) AND ((i.first_response_at IS NULL AND i.response_due <= :soon)"
                + " OR i.resolution_due <= :soon)", now, limit, Map.of("soon", Sql.at(now.plus(within))));
    }

    private List<Incident> dueQuery(Collection<TenantId> tenants, String condition, Instant now, int limit) {
        return dueQuery(tenants, condition, now, limit, Map.of());
    }

    private List<Incident> dueQuery(Collection<TenantId> tenants, String condition, Instant now, int limit,
            Map<String, Object> extra) {
        requireNonNull(tenants, "tenants is null");
        if (limit < 1 || limit > IncidentQuery.MAX_LIMIT) {
            throw new MedsocException(IncidentErrorCode.INVALID_FILTER,
                    "limit must be 1 to " + IncidentQuery.MAX_LIMIT + ", was " + limit);
        }
        if (tenants.isEmpty()) {
            return List.of();
        }
        return transaction("due incidents", h -> {
            Query query = h.createQuery("SELECT i.* FROM incident i WHERE i.tenant_id IN (<tenants>) AND i.state IN "
                    + OPEN_STATES + " AND (" + condition + ") ORDER BY CASE WHEN i.first_response_at IS NULL AND"
                    + " i.response_due < i.resolution_due THEN i.response_due ELSE i.resolution_due END, i.id"
                    + " LIMIT :limit");
            query.bindList("tenants", tenants.stream().map(TenantId::value).distinct().toList())
                    .bind("now", Sql.at(now)).bind("limit", limit);
            extra.forEach(query::bind);
            return withAttributes(h, query.map((rs, ctx) -> row(rs)).list(), now);
        });
    }

    /** MTTA, MTTR, counts and SLA compliance of the incidents the tenant opened in {@code [from, to)}. */
    public IncidentMetrics metrics(TenantId tenant, Instant from, Instant to) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (!from.isBefore(to)) {
            throw new MedsocException(IncidentErrorCode.INVALID_FILTER, "metrics period start " + from
                    + " is not before its end " + to);
        }
        Instant now = clock.instant();
        List<IncidentRow> rows = transaction("incident metrics", h -> h.createQuery("SELECT i.* FROM incident i"
                        + " WHERE i.tenant_id = :t AND i.created_at >= :from AND i.created_at < :to")
                .bind("t", tenant.value()).bind("from", Sql.at(from)).bind("to", Sql.at(to))
                .map((rs, ctx) -> row(rs)).list());
        Map<IncidentState, Long> byState = new EnumMap<>(IncidentState.class);
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        for (IncidentState s : IncidentState.values()) {
            byState.put(s, 0L);
        }
        for (Severity s : Severity.values()) {
            bySeverity.put(s, 0L);
        }
        long ackSum = 0;
        long ackN = 0;
        long resSum = 0;
        long resN = 0;
        long[] response = new long[2];
        long[] resolution = new long[2];
        long[] both = new long[2];
        for (IncidentRow r : rows) {
            byState.merge(r.state(), 1L, Long::sum);
            bySeverity.merge(r.severity(), 1L, Long::sum);
            if (r.firstResponseAt().isPresent()) {
                ackSum += Duration.between(r.createdAt(), r.firstResponseAt().get()).toMillis();
                ackN++;
            }
            if (r.resolvedAt().isPresent()) {
                resSum += Duration.between(r.createdAt(), r.resolvedAt().get()).toMillis();
                resN++;
            }
            SlaState rs = SlaStatus.stateOf(r.createdAt(), r.responseDue(), r.firstResponseAt(), now);
            SlaState xs = SlaStatus.stateOf(r.slaStartedAt(), r.resolutionDue(), r.resolvedAt(), now);
            count(response, rs);
            count(resolution, xs);
            if (decided(rs) && decided(xs)) {
                both[1]++;
                if (rs == SlaState.MET && xs == SlaState.MET) {
                    both[0]++;
                }
            }
        }
        return new IncidentMetrics(tenant, from, to, now, rows.size(), byState, bySeverity,
                ackN == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ackSum / ackN)),
                resN == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(resSum / resN)),
                share(response), share(resolution), share(both));
    }

    private static boolean decided(SlaState s) {
        return switch (s) {
            case MET, BREACHED -> true;
            case ON_TRACK, AT_RISK -> false;
        };
    }

    private static void count(long[] metAndDecided, SlaState s) {
        if (decided(s)) {
            metAndDecided[1]++;
            if (s == SlaState.MET) {
                metAndDecided[0]++;
            }
        }
    }

    private static OptionalDouble share(long[] metAndDecided) {
        return metAndDecided[1] == 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) metAndDecided[0] / metAndDecided[1]);
    }

    // ------------------------------------------------------------------------------------------------ rows

    private record IncidentRow(TenantId tenant, long id, String title, String description, IncidentState state,
            Severity severity, Optional<String> assignee, String ruleId, String groupingKey, long alertCount,
            Instant firstAlertAt, Instant lastAlertAt, Instant createdAt, Instant updatedAt,
            Optional<Instant> firstResponseAt, Optional<Instant> resolvedAt, Optional<Instant> closedAt,
            Optional<Resolution> resolution, Optional<String> resolutionSummary, Instant slaStartedAt,
            Instant responseDue, Instant resolutionDue, long version) {

        Incident toIncident(Map<AttributeKind, List<String>> attributes, Instant now) {
            SlaStatus sla = new SlaStatus(responseDue, SlaStatus.stateOf(createdAt, responseDue, firstResponseAt, now),
                    resolutionDue, SlaStatus.stateOf(slaStartedAt, resolutionDue, resolvedAt, now));
            return new Incident(tenant, id, title, description, state, severity, assignee, ruleId, groupingKey,
                    alertCount, firstAlertAt, lastAlertAt, createdAt, updatedAt, firstResponseAt, resolvedAt,
                    closedAt, resolution, resolutionSummary, slaStartedAt, attributes, sla, version);
        }
    }

    private static IncidentRow row(ResultSet rs) throws SQLException {
        return new IncidentRow(TenantId.of(rs.getString("tenant_id")), rs.getLong("id"), rs.getString("title"),
                rs.getString("description"), IncidentState.valueOf(rs.getString("state")),
                Severity.valueOf(rs.getString("severity")), Sql.optionalString(rs, "assignee"),
                rs.getString("rule_id"), rs.getString("grouping_key"), rs.getLong("alert_count"),
                Sql.instant(rs, "first_alert_at"), Sql.instant(rs, "last_alert_at"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"), Sql.optionalInstant(rs, "first_response_at"),
                Sql.optionalInstant(rs, "resolved_at"), Sql.optionalInstant(rs, "closed_at"),
                Sql.optionalString(rs, "resolution").map(Resolution::valueOf),
                Sql.optionalString(rs, "resolution_summary"), Sql.instant(rs, "sla_started_at"),
                Sql.instant(rs, "response_due"), Sql.instant(rs, "resolution_due"), rs.getLong("version"));
    }

    private static Optional<Incident> loadOne(Handle h, TenantId tenant, long id, Instant now) {
        List<IncidentRow> rows = h.createQuery("SELECT * FROM incident WHERE tenant_id = :t AND id = :id")
                .bind("t", tenant.value()).bind("id", id).map((rs, ctx) -> row(rs)).list();
        List<Incident> out = withAttributes(h, rows, now);
        return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
    }

    private static List<Incident> withAttributes(Handle h, List<IncidentRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<AttributeKind, Set<String>>> attributes = new HashMap<>();
        h.createQuery("SELECT incident_id, kind, val FROM incident_attribute WHERE tenant_id IN (<tenants>)"
                        + " AND incident_id IN (<ids>)")
                .bindList("tenants", rows.stream().map(r -> r.tenant().value()).distinct().toList())
                .bindList("ids", rows.stream().map(IncidentRow::id).toList())
                .map((rs, ctx) -> attributes.computeIfAbsent(rs.getLong("incident_id"), k -> new EnumMap<>(
                                AttributeKind.class))
                        .computeIfAbsent(AttributeKind.valueOf(rs.getString("kind")), k -> new TreeSet<>())
                        .add(rs.getString("val")))
                .list();
        List<Incident> out = new ArrayList<>(rows.size());
        for (IncidentRow r : rows) {
            Map<AttributeKind, List<String>> a = new EnumMap<>(AttributeKind.class);
            attributes.getOrDefault(r.id(), Map.of()).forEach((k, v) -> a.put(k, List.copyOf(v)));
            out.add(r.toIncident(a, now));
        }
        return out;
    }

    private static void requireRow(Handle h, TenantId tenant, long id) {
        long n = h.createQuery("SELECT COUNT(*) FROM incident WHERE tenant_id = :t AND id = :id")
                .bind("t", tenant.value()).bind("id", id).mapTo(Long.class).one();
        if (n == 0) {
            throw notFound(id);
        }
    }

    private static long insertEvidence(Handle h, TenantId tenant, long id, Evidence.Kind kind, String ref,
            String note, Actor actor, Instant now) {
        return h.createUpdate("INSERT INTO incident_evidence (tenant_id, incident_id, kind, ref, note, added_by,"
                        + " added_at) VALUES (:t, :i, :kind, :ref, :note, :by, :now)")
                .bind("t", tenant.value()).bind("i", id).bind("kind", kind.name()).bind("ref", ref)
                .bind("note", note).bind("by", actor.id()).bind("now", Sql.at(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static void timeline(Handle h, TenantId tenant, long id, Instant at, Actor actor, String what,
            @Nullable String field, @Nullable String oldValue, @Nullable String newValue, @Nullable String note) {
        h.createUpdate("INSERT INTO incident_timeline (tenant_id, incident_id, happened_at, actor_id, actor_name,"
                        + " what, field, old_value, new_value, note)"
                        + " VALUES (:t, :i, :at, :aid, :aname, :what, :field, :old, :new, :note)")
                .bind("t", tenant.value()).bind("i", id).bind("at", Sql.at(at)).bind("aid", actor.id())
                .bind("aname", actor.name()).bind("what", what).bind("field", field)
                .bind("old", oldValue == null ? null : cut(oldValue, 2000))
                .bind("new", newValue == null ? null : cut(newValue, 2000))
                .bind("note", note == null ? null : cut(note, 2000)).execute();
    }

    private <T> T transaction(String what, HandleCallback<T, RuntimeException> work) {
        return db.inTransaction(what, work);
    }

    private static String required(String what, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            throw invalid(what + " is required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw invalid(what + " is " + v.length() + " characters; the limit is " + max);
        }
        return v;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(IncidentErrorCode.INVALID_INCIDENT_INPUT, message);
    }

    private static MedsocException notFound(long id) {
        return new MedsocException(IncidentErrorCode.INCIDENT_NOT_FOUND,
                "incident " + id + " does not exist in this tenant");
    }

    private static MedsocException stale(long id, long current, long sent) {
        return new MedsocException(DatabaseErrorCode.CONCURRENT_MODIFICATION, "incident " + id
                + " was changed by someone else (now version " + current + ", you sent " + sent
                + "); reload it and apply your change again");
    }
}
