package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.medsoc.database.Database;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.database.Sql;

/**
 * Region-wide traces at the hub: a trace becomes a trace-query directive to every target node; each node answers
 * from its own event store with a trace-result report (raw logs stay in the hospital), which the {@link Inbox}
 * files under the node that signed it.
 */
public final class Traces {
    private final Database db;
    private final Directives directives;
    private final Clock clock;

    /** Creates the trace service over a migrated database. */
    public Traces(Database db, Directives directives, Clock clock) {
        this.db = requireNonNull(db, "db is null");
        this.directives = requireNonNull(directives, "directives is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts a trace of {@code indicator} over [{@code from}, {@code to}) at the target's active nodes. */
    public Trace start(String indicator, Instant from, Instant to, Target target, String user) {
        requireNonNull(indicator, "indicator is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(target, "target is null");
        requireNonNull(user, "user is null");
        if (indicator.isBlank() || indicator.length() > 1000) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "a trace indicator must be 1 to 1000 "
                    + "characters");
        }
        if (!from.isBefore(to)) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "a trace range must end after it starts: "
                    + from + " .. " + to);
        }
        Instant now = Sql.millis(clock.instant());
        long id;
        try {
            id = db.jdbi().inTransaction(h -> {
                long traceId = h.createUpdate("INSERT INTO hub_trace (indicator, from_time, to_time, created_at, "
                                + "created_by) VALUES (:indicator, :from, :to, :now, :user)")
                        .bind("indicator", indicator).bind("from", Sql.at(from)).bind("to", Sql.at(to))
                        .bind("now", Sql.at(now)).bind("user", user)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                IssuedDirective issued = directives.issue(h, new DirectiveBody.TraceQuery(traceId, indicator,
                        Sql.millis(from), Sql.millis(to)), target, user);
                h.createUpdate("UPDATE hub_trace SET directive_id = :d WHERE id = :id")
                        .bind("d", issued.id()).bind("id", traceId).execute();
                for (NodeId node : issued.nodes()) {
                    h.createUpdate("INSERT INTO hub_trace_node (trace_id, node_id, status) VALUES (:id, :node, "
                            + "'PENDING')").bind("id", traceId).bind("node", node.value()).execute();
                }
                return traceId;
            });
        } catch (RuntimeException e) {
            throw Database.translate(e, "trace of " + indicator);
        }
        return find(id).orElseThrow();
    }

    /**
     * The trace as a user granted {@code tenants} sees it: only the results of those tenants' nodes, and empty when
     * the trace reached none of them.
     */
    public Optional<Trace> find(long traceId, Collection<TenantId> tenants) {
        requireNonNull(tenants, "tenants is null");
        return find(traceId).flatMap(t -> visible(t, tenants));
    }

    /** The newest traces that reached a node of {@code tenants}, at most {@code limit}, each as those tenants see it. */
    public List<Trace> recent(Collection<TenantId> tenants, int limit) {
        requireNonNull(tenants, "tenants is null");
        if (tenants.isEmpty() || limit < 1) {
            return List.of();
        }
        List<Long> ids = db.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT t.id FROM hub_trace t "
                        + "JOIN hub_trace_node x ON x.trace_id = t.id JOIN hub_node n ON n.node_id = x.node_id "
                        + "WHERE n.tenant_id IN (<tenants>) ORDER BY t.id DESC LIMIT :limit")
                .bindList("tenants", tenants.stream().map(TenantId::value).toList()).bind("limit", limit)
                .mapTo(Long.class).list());
        List<Trace> out = new ArrayList<>(ids.size());
        for (long id : ids) {
            find(id, tenants).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Trace> visible(Trace t, Collection<TenantId> tenants) {
        Set<TenantId> granted = Set.copyOf(tenants);
        List<TraceNodeResult> nodes = t.nodes().stream().filter(n -> granted.contains(n.tenant())).toList();
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Trace(t.id(), t.indicator(), t.from(), t.to(), t.createdAt(), t.createdBy(),
                t.directiveId(), nodes));
    }

    /** The trace with its per-node results. */
    public Optional<Trace> find(long traceId) {
        return db.jdbi().withHandle(h -> {
            Optional<Trace> head = h.createQuery("SELECT id, indicator, from_time, to_time, created_at, created_by, "
                            + "directive_id FROM hub_trace WHERE id = :id")
                    .bind("id", traceId)
                    .map((rs, ctx) -> new Trace(rs.getLong("id"), rs.getString("indicator"),
                            Sql.instant(rs, "from_time"), Sql.instant(rs, "to_time"), Sql.instant(rs, "created_at"),
                            rs.getString("created_by"), rs.getLong("directive_id"), List.of()))
                    .findOne();
            if (head.isEmpty()) {
                return head;
            }
            List<TraceNodeResult> nodes = h.createQuery("SELECT t.node_id, n.tenant_id, t.status, t.hit_count, "
                            + "t.first_seen, t.last_seen, t.answered_at, t.error FROM hub_trace_node t "
                            + "JOIN hub_node n ON n.node_id = t.node_id WHERE t.trace_id = :id ORDER BY t.node_id")
                    .bind("id", traceId)
                    .map((r, c) -> new TraceNodeResult(new NodeId(r.getString("node_id")),
                            TenantId.of(r.getString("tenant_id")), TraceStatus.valueOf(r.getString("status")),
                            r.getLong("hit_count"), Optional.ofNullable(Sql.nullableInstant(r, "first_seen")),
                            Optional.ofNullable(Sql.nullableInstant(r, "last_seen")),
                            Optional.ofNullable(Sql.nullableInstant(r, "answered_at")),
                            Optional.ofNullable(r.getString("error"))))
                    .list();
            Trace t = head.get();
            return Optional.of(new Trace(t.id(), t.indicator(), t.from(), t.to(), t.createdAt(), t.createdBy(),
                    t.directiveId(), nodes));
        });
    }
}
