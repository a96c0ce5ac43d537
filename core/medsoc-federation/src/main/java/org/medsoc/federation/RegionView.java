package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medsoc.database.Database;
import org.medsoc.spi.event.TenantId;
import org.medsoc.database.Sql;

/**
 * The hub's queries over what its nodes reported: per-node health and workload, open incidents, overdue warnings,
 * SLA compliance, and the indicators and threats most seen across the region. Every query is limited to the
 * tenants the hub user is granted.
 */
public final class RegionView {
    private final Database db;
    private final Clock clock;
    private final Duration silentAfter;

    /** Creates the view; a node without a heartbeat for {@code silentAfter} counts as silent. */
    public RegionView(Database db, Clock clock, Duration silentAfter) {
        this.db = requireNonNull(db, "db is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.silentAfter = requireNonNull(silentAfter, "silentAfter is null");
    }

    /** One line per node of the tenants, by tenant then name. */
    public List<NodeOverview> nodes(Collection<TenantId> tenants) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        List<String> ts = tenants.stream().map(TenantId::value).toList();
        Instant now = clock.instant();
        return db.jdbi().withHandle(h -> {
            Map<String, long[]> incidents = new HashMap<>();
            h.createQuery("SELECT i.node_id, "
                            + "SUM(CASE WHEN i.closed_at IS NULL THEN 1 ELSE 0 END) AS open_count, "
                            + "SUM(CASE WHEN i.closed_at IS NULL THEN 0 ELSE 1 END) AS closed_count, "
                            + "SUM(CASE WHEN i.sla_met THEN 1 ELSE 0 END) AS sla_count "
                            + "FROM hub_incident i JOIN hub_node n ON n.node_id = i.node_id "
                            + "WHERE n.tenant_id IN (<tenants>) GROUP BY i.node_id")
                    .bindList("tenants", ts)
                    .map((rs, ctx) -> incidents.put(rs.getString("node_id"), new long[] {rs.getLong("open_count"),
                            rs.getLong("closed_count"), rs.getLong("sla_count")}))
                    .list();
            Map<String, long[]> warnings = new HashMap<>();
            h.createQuery("SELECT d.node_id, COUNT(*) AS open_count, "
                            + "SUM(CASE WHEN d.deadline < :now THEN 1 ELSE 0 END) AS overdue_count "
                            + "FROM hub_delivery d JOIN hub_node n ON n.node_id = d.node_id "
                            + "WHERE d.type = 'WARNING' AND d.state IN ('SENT', 'RECEIVED', 'ACKNOWLEDGED') "
                            + "AND n.tenant_id IN (<tenants>) GROUP BY d.node_id")
                    .bind("now", Sql.at(now)).bindList("tenants", ts)
                    .map((rs, ctx) -> warnings.put(rs.getString("node_id"),
                            new long[] {rs.getLong("open_count"), rs.getLong("overdue_count")}))
                    .list();
            return h.createQuery("SELECT n.node_id, n.tenant_id, n.name, n.state, s.heartbeat_at, s.health, "
                            + "s.posture_at, s.asset_count, s.critical_assets, s.open_vulnerabilities, "
                            + "s.critical_vulnerabilities, s.overdue_vulnerabilities, s.risk_score "
                            + "FROM hub_node n LEFT JOIN hub_node_status s ON s.node_id = n.node_id "
                            + "WHERE n.tenant_id IN (<tenants>) ORDER BY n.tenant_id, n.name, n.node_id")
                    .bindList("tenants", ts)
                    .map((rs, ctx) -> {
                        String id = rs.getString("node_id");
                        long[] inc = incidents.getOrDefault(id, new long[3]);
                        long[] warn = warnings.getOrDefault(id, new long[2]);
                        Instant heartbeat = Sql.nullableInstant(rs, "heartbeat_at");
                        String health = rs.getString("health");
                        Optional<ReportBody.Posture> posture = Sql.nullableInstant(rs, "posture_at") == null
                                ? Optional.empty()
                                : Optional.of(new ReportBody.Posture(rs.getLong("asset_count"),
                                        rs.getLong("critical_assets"), rs.getLong("open_vulnerabilities"),
                                        rs.getLong("critical_vulnerabilities"), rs.getLong("overdue_vulnerabilities")));
                        Long risk = Sql.nullableLong(rs, "risk_score");
                        return new NodeOverview(new NodeId(id), TenantId.of(rs.getString("tenant_id")),
                                rs.getString("name"), MemberState.valueOf(rs.getString("state")),
                                Optional.ofNullable(heartbeat),
                                Optional.ofNullable(health).map(ReportBody.Health::valueOf),
                                heartbeat == null || heartbeat.plus(silentAfter).isBefore(now), inc[0], warn[0],
                                warn[1], inc[1], inc[2],
                                inc[1] == 0 ? Optional.empty() : Optional.of((double) inc[2] / inc[1]), posture,
                                Optional.ofNullable(risk).map(Long::intValue));
                    })
                    .list();
        });
    }

    /**
     * SLA compliance per tenant: of the incidents its nodes reported closed, how many were closed within the node's
     * SLA ({@link ReportBody.IncidentClosed#slaMet}); tenants without nodes are left out.
     */
    public List<SlaCompliance> slaCompliance(Collection<TenantId> tenants) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        return db.jdbi().withHandle(h -> h.createQuery("SELECT n.tenant_id, "
                        + "SUM(CASE WHEN i.closed_at IS NOT NULL THEN 1 ELSE 0 END) AS closed_count, "
                        + "SUM(CASE WHEN i.closed_at IS NOT NULL AND i.sla_met THEN 1 ELSE 0 END) AS sla_count "
                        + "FROM hub_node n LEFT JOIN hub_incident i ON i.node_id = n.node_id "
                        + "WHERE n.tenant_id IN (<tenants>) GROUP BY n.tenant_id ORDER BY n.tenant_id")
                .bindList("tenants", tenants.stream().map(TenantId::value).toList())
                .map((rs, ctx) -> {
                    long closed = rs.getLong("closed_count");
                    long met = rs.getLong("sla_count");
                    return new SlaCompliance(TenantId.of(rs.getString("tenant_id")), closed, met,
                            closed == 0 ? Optional.empty() : Optional.of((double) met / closed));
                })
                .list());
    }

    /** Open incidents of the tenants' nodes, newest first, at most {@code limit}. */
    public List<RegionIncident> openIncidents(Collection<TenantId> tenants, int limit) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        return db.jdbi().withHandle(h -> h.createQuery("SELECT i.node_id, n.tenant_id, i.incident_ref, i.title, "
                        + "i.severity, i.state, i.opened_at, i.updated_at FROM hub_incident i "
                        + "JOIN hub_node n ON n.node_id = i.node_id WHERE i.closed_at IS NULL "
                        + "AND n.tenant_id IN (<tenants>) ORDER BY i.opened_at DESC, i.node_id, i.incident_ref "
                        + "LIMIT :limit")
                .bindList("tenants", tenants.stream().map(TenantId::value).toList()).bind("limit", limit)
                .map((rs, ctx) -> new RegionIncident(new NodeId(rs.getString("node_id")),
                        TenantId.of(rs.getString("tenant_id")), rs.getString("incident_ref"), rs.getString("title"),
                        rs.getString("severity"), rs.getString("state"), Sql.instant(rs, "opened_at"),
                        Sql.instant(rs, "updated_at")))
                .list());
    }

    /** Indicators shared by the tenants' nodes, most widespread first (nodes, then sightings). */
    public List<IndicatorRank> topIndicators(Collection<TenantId> tenants, int limit) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        return db.jdbi().withHandle(h -> h.createQuery("SELECT i.kind, i.val, COUNT(*) AS node_count, "
                        + "SUM(i.sightings) AS total, MAX(i.last_seen) AS last_seen FROM hub_indicator i "
                        + "JOIN hub_node n ON n.node_id = i.node_id WHERE n.tenant_id IN (<tenants>) "
                        + "GROUP BY i.kind, i.val ORDER BY node_count DESC, total DESC, i.kind, i.val LIMIT :limit")
                .bindList("tenants", tenants.stream().map(TenantId::value).toList()).bind("limit", limit)
                .map((rs, ctx) -> new IndicatorRank(rs.getString("kind"), rs.getString("val"),
                        rs.getInt("node_count"), rs.getLong("total"), Sql.instant(rs, "last_seen")))
                .list());
    }

    /** Threats named in the tenants' nodes' latest risk summaries, most widespread first. */
    public List<ThreatRank> topThreats(Collection<TenantId> tenants, int limit) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        return db.jdbi().withHandle(h -> h.createQuery("SELECT t.name, COUNT(*) AS node_count, SUM(t.hits) AS total "
                        + "FROM hub_threat t JOIN hub_node n ON n.node_id = t.node_id "
                        + "WHERE n.tenant_id IN (<tenants>) GROUP BY t.name "
                        + "ORDER BY node_count DESC, total DESC, t.name LIMIT :limit")
                .bindList("tenants", tenants.stream().map(TenantId::value).toList()).bind("limit", limit)
                .map((rs, ctx) -> new ThreatRank(rs.getString("name"), rs.getInt("node_count"), rs.getLong("total")))
                .list());
    }
}
