package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.database.Sql;

/**
 * The hub's side of the report stream: applies each node's reports exactly once and in sequence order.
 *
 * <p>Each node has a high-water mark ({@code hub_node.applied_sequence}). A batch is applied in one transaction
 * that locks the node's row, stores and projects every report above the mark and moves the mark, so the effect and
 * the mark commit together: a resent or overlapping batch applies only the reports above the mark, and a batch that
 * starts beyond {@code mark + 1} is refused with {@link SequenceGapException} naming the expected sequence. A
 * report whose payload cannot be read, or that names a warning or trace not sent to this node, is stored as
 * rejected with its reason and moves the mark (it cannot block the stream).
 */
public final class Inbox {
    private static final System.Logger LOG = System.getLogger(Inbox.class.getName());

    private final Database db;
    private final Clock clock;

    /** Creates the inbox over a migrated database. */
    public Inbox(Database db, Clock clock) {
        this.db = requireNonNull(db, "db is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Applies a batch of the node's reports. The node is the one authenticated for the request, never one named in
     * the reports. Sequences within the batch must be consecutive.
     *
     * @throws SequenceGapException if the batch starts after the next expected sequence
     */
    public InboxAck apply(NodeId node, List<Report> batch) {
        requireNonNull(node, "node is null");
        List<Report> reports = new ArrayList<>(requireNonNull(batch, "batch is null"));
        reports.sort(Comparator.comparingLong(Report::sequence));
        for (int i = 1; i < reports.size(); i++) {
            if (reports.get(i).sequence() != reports.get(i - 1).sequence() + 1) {
                throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "report sequences in a batch must be "
                        + "consecutive; " + reports.get(i - 1).sequence() + " is followed by "
                        + reports.get(i).sequence());
            }
        }
        Instant now = Sql.millis(clock.instant());
        try {
            return db.jdbi().inTransaction(h -> {
                Optional<Long> mark = h.createQuery("SELECT applied_sequence FROM hub_node WHERE node_id = :node "
                                + "FOR UPDATE")
                        .bind("node", node.value()).mapTo(Long.class).findOne();
                if (mark.isEmpty()) {
                    throw new MedsocException(FederationErrorCode.NOT_FOUND, "node " + node + " is not enrolled");
                }
                long applied = mark.get();
                if (!reports.isEmpty() && reports.getFirst().sequence() > applied + 1) {
                    throw new SequenceGapException(applied + 1, "the batch starts at report "
                            + reports.getFirst().sequence() + " but the hub has applied up to " + applied
                            + "; resend from " + (applied + 1));
                }
                int appliedNow = 0;
                int duplicates = 0;
                List<Long> rejected = new ArrayList<>();
                for (Report r : reports) {
                    if (r.sequence() <= applied) {
                        duplicates++;
                        continue;
                    }
                    String reason = applyOne(h, node, r, now);
                    h.createUpdate("INSERT INTO hub_report (node_id, sequence, type, payload, created_at, received_at, "
                                    + "rejected_reason) VALUES (:node, :seq, :type, :payload, :created, :now, :reason)")
                            .bind("node", node.value()).bind("seq", r.sequence()).bind("type", r.type().name())
                            .bind("payload", r.payload()).bind("created", Sql.at(r.createdAt()))
                            .bind("now", Sql.at(now)).bind("reason", reason).execute();
                    if (reason != null) {
                        rejected.add(r.sequence());
                        LOG.log(System.Logger.Level.WARNING, "report {0} of node {1} rejected: {2}", r.sequence(),
                                node, reason);
                    }
                    applied = r.sequence();
                    appliedNow++;
                }
                h.createUpdate("UPDATE hub_node SET applied_sequence = :applied WHERE node_id = :node")
                        .bind("applied", applied).bind("node", node.value()).execute();
                return new InboxAck(applied, appliedNow, duplicates, rejected);
            });
        } catch (RuntimeException e) {
            throw Database.translate(e, "reports of node " + node);
        }
    }

    /** Applies the effect of one report; answers why it was rejected, or null when applied. */
    private static @Nullable String applyOne(Handle h, NodeId node, Report r, Instant now) {
        ReportBody body;
        try {
            body = r.body();
        } catch (MedsocException e) {
            return truncate(e.getMessage());
        }
        String n = node.value();
        return switch (body) {
            case ReportBody.IncidentOpened o -> {
                int updated = h.createUpdate("UPDATE hub_incident SET title = :title, severity = :severity, "
                                + "opened_at = :opened, updated_at = :opened WHERE node_id = :node AND incident_ref = :ref")
                        .bind("title", truncate(o.title(), 500)).bind("severity", truncate(o.severity(), 16))
                        .bind("opened", Sql.at(o.openedAt())).bind("node", n).bind("ref", o.incidentRef()).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO hub_incident (node_id, incident_ref, title, severity, state, opened_at, "
                                    + "updated_at) VALUES (:node, :ref, :title, :severity, 'OPEN', :opened, :opened)")
                            .bind("node", n).bind("ref", truncate(o.incidentRef(), 200))
                            .bind("title", truncate(o.title(), 500)).bind("severity", truncate(o.severity(), 16))
                            .bind("opened", Sql.at(o.openedAt())).execute();
                }
                yield null;
            }
            case ReportBody.IncidentUpdated u -> {
                int updated = h.createUpdate("UPDATE hub_incident SET title = :title, severity = :severity, "
                                + "state = CASE WHEN closed_at IS NULL THEN :state ELSE state END, updated_at = :at "
                                + "WHERE node_id = :node AND incident_ref = :ref")
                        .bind("title", truncate(u.title(), 500)).bind("severity", truncate(u.severity(), 16))
                        .bind("state", truncate(u.state(), 32)).bind("at", Sql.at(u.updatedAt())).bind("node", n)
                        .bind("ref", u.incidentRef()).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO hub_incident (node_id, incident_ref, title, severity, state, opened_at, "
                                    + "updated_at) VALUES (:node, :ref, :title, :severity, :state, :at, :at)")
                            .bind("node", n).bind("ref", truncate(u.incidentRef(), 200))
                            .bind("title", truncate(u.title(), 500)).bind("severity", truncate(u.severity(), 16))
                            .bind("state", truncate(u.state(), 32)).bind("at", Sql.at(u.updatedAt())).execute();
                }
                yield null;
            }
            case ReportBody.IncidentClosed c -> {
                int updated = h.createUpdate("UPDATE hub_incident SET state = 'CLOSED', closed_at = :at, "
                                + "updated_at = :at, sla_met = :sla WHERE node_id = :node AND incident_ref = :ref")
                        .bind("at", Sql.at(c.closedAt())).bind("sla", c.slaMet()).bind("node", n)
                        .bind("ref", c.incidentRef()).execute();
                yield updated == 0 ? "incident " + c.incidentRef() + " was never reported open by this node" : null;
            }
            case ReportBody.RiskSummary s -> {
                h.createUpdate("UPDATE hub_node_status SET risk_at = :at, risk_score = :score, risk_summary = :summary "
                                + "WHERE node_id = :node")
                        .bind("at", Sql.at(r.createdAt())).bind("score", s.score())
                        .bind("summary", truncate(s.summary(), 4000)).bind("node", n).execute();
                h.createUpdate("DELETE FROM hub_threat WHERE node_id = :node").bind("node", n).execute();
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (ReportBody.ThreatCount t : s.topThreats()) {
                    String name = truncate(t.name(), 300);
                    if (seen.add(name)) {
                        h.createUpdate("INSERT INTO hub_threat (node_id, name, hits) VALUES (:node, :name, :hits)")
                                .bind("node", n).bind("name", name).bind("hits", t.hits()).execute();
                    }
                }
                yield null;
            }
            case ReportBody.Posture p -> {
                h.createUpdate("UPDATE hub_node_status SET posture_at = :at, asset_count = :a, critical_assets = :ca, "
                                + "open_vulnerabilities = :ov, critical_vulnerabilities = :cv, "
                                + "overdue_vulnerabilities = :dv WHERE node_id = :node")
                        .bind("at", Sql.at(r.createdAt())).bind("a", p.assets()).bind("ca", p.criticalAssets())
                        .bind("ov", p.openVulnerabilities()).bind("cv", p.criticalVulnerabilities())
                        .bind("dv", p.overdueVulnerabilities()).bind("node", n).execute();
                yield null;
            }
            case ReportBody.Heartbeat b -> {
                h.createUpdate("UPDATE hub_node_status SET heartbeat_at = :at, health = :health, "
                                + "health_detail = :detail, version = :version WHERE node_id = :node")
                        .bind("at", Sql.at(r.createdAt())).bind("health", b.health().name())
                        .bind("detail", truncate(b.detail(), 1000)).bind("version", truncate(b.version(), 64))
                        .bind("node", n).execute();
                yield null;
            }
            case ReportBody.TraceResult t -> {
                int updated = h.createUpdate("UPDATE hub_trace_node SET status = :status, hit_count = :count, "
                                + "first_seen = :first, last_seen = :last, answered_at = :now, error = :error "
                                + "WHERE trace_id = :trace AND node_id = :node")
                        .bind("status", (t.error() == null ? TraceStatus.ANSWERED : TraceStatus.FAILED).name())
                        .bind("count", t.count()).bind("first", Sql.at(t.firstSeen()))
                        .bind("last", Sql.at(t.lastSeen())).bind("now", Sql.at(now))
                        .bind("error", t.error() == null ? null : truncate(t.error(), 1000))
                        .bind("trace", t.traceId()).bind("node", n).execute();
                yield updated == 0 ? "trace " + t.traceId() + " was not sent to this node" : null;
            }
            case ReportBody.WarningAck a -> warning(h, node, a.directiveId(), now, a.by(), null);
            case ReportBody.WarningDisposed d -> warning(h, node, d.directiveId(), now, d.by(), d.evidence());
            case ReportBody.SharedIndicators s -> {
                for (ReportBody.IndicatorSighting i : s.indicators()) {
                    String kind = truncate(i.kind(), 32);
                    String value = truncate(i.value(), 1000);
                    int updated = h.createUpdate("UPDATE hub_indicator SET sightings = sightings + :s, "
                                    + "first_seen = LEAST(first_seen, :first), last_seen = GREATEST(last_seen, :last) "
                                    + "WHERE node_id = :node AND kind = :kind AND val = :val")
                            .bind("s", i.sightings()).bind("first", Sql.at(i.firstSeen()))
                            .bind("last", Sql.at(i.lastSeen())).bind("node", n).bind("kind", kind).bind("val", value)
                            .execute();
                    if (updated == 0) {
                        h.createUpdate("INSERT INTO hub_indicator (node_id, kind, val, sightings, first_seen, last_seen) "
                                        + "VALUES (:node, :kind, :val, :s, :first, :last)")
                                .bind("node", n).bind("kind", kind).bind("val", value).bind("s", i.sightings())
                                .bind("first", Sql.at(i.firstSeen())).bind("last", Sql.at(i.lastSeen())).execute();
                    }
                    if (IndicatorSharing.redistributable(i.distribution())) {
                        h.createUpdate("INSERT INTO hub_shared_indicator (node_id, kind, val, distribution, tlp, "
                                        + "received_at) VALUES (:node, :kind, :val, :distribution, :tlp, :now)")
                                .bind("node", n).bind("kind", kind).bind("val", value)
                                .bind("distribution", i.distribution()).bind("tlp", i.tlp()).bind("now", Sql.at(now))
                                .execute();
                    }
                }
                yield null;
            }
        };
    }

    /** Acknowledges ({@code evidence == null}) or disposes of a warning delivered to this node. */
    private static @Nullable String warning(Handle h, NodeId node, long directiveId, Instant now, String by,
            @Nullable String evidence) {
        Optional<String> state = h.createQuery("SELECT state FROM hub_delivery WHERE node_id = :node "
                        + "AND directive_id = :id AND type = 'WARNING'")
                .bind("node", node.value()).bind("id", directiveId).mapTo(String.class).findOne();
        if (state.isEmpty()) {
            return "warning " + directiveId + " was not sent to this node";
        }
        WarningState current = WarningState.valueOf(state.get());
        if (evidence == null) {
            if (current == WarningState.SENT || current == WarningState.RECEIVED) {
                h.createUpdate("UPDATE hub_delivery SET state = 'ACKNOWLEDGED', acknowledged_at = :now, "
                                + "acknowledged_by = :by, received_at = COALESCE(received_at, :now) "
                                + "WHERE node_id = :node AND directive_id = :id")
                        .bind("now", Sql.at(now)).bind("by", truncate(by, 200)).bind("node", node.value())
                        .bind("id", directiveId).execute();
            }
            return null;
        }
        return switch (current) {
            case SENT, RECEIVED, ACKNOWLEDGED -> {
                h.createUpdate("UPDATE hub_delivery SET state = 'DISPOSED', disposed_at = :now, evidence = :evidence, "
                                + "received_at = COALESCE(received_at, :now), "
                                + "acknowledged_at = COALESCE(acknowledged_at, :now), "
                                + "acknowledged_by = COALESCE(acknowledged_by, :by) "
                                + "WHERE node_id = :node AND directive_id = :id")
                        .bind("now", Sql.at(now)).bind("evidence", truncate(evidence, 10000))
                        .bind("by", truncate(by, 200)).bind("node", node.value()).bind("id", directiveId).execute();
                yield null;
            }
            case DISPOSED, VERIFIED -> "warning " + directiveId + " was already disposed of";
        };
    }

    private static String truncate(String s) {
        return truncate(s, 1000);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
