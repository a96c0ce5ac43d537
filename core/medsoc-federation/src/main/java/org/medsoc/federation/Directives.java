package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.database.Sql;

/**
 * The hub's side of the directive stream. Issuing a directive queues one delivery per target node, numbered by the
 * node's own position counter (its row is locked while numbering, so positions commit in order and a node reading
 * after its cursor never skips one). A node fetches after its cursor; a fetched warning becomes RECEIVED. Warnings
 * then move by the node's reports (ACKNOWLEDGED, DISPOSED, see {@link Inbox}) and by a hub user ({@link #verify}).
 */
public final class Directives {
    /** The largest JSON payload of a directive, in characters (a rule pack travels base64-encoded inside it). */
    public static final int MAX_PAYLOAD = 1_000_000;

    private static final String WARNING_COLUMNS = "d.directive_id, d.node_id, n.tenant_id, d.state, d.deadline, "
            + "d.sent_at, d.received_at, d.acknowledged_at, d.acknowledged_by, d.disposed_at, d.evidence, "
            + "d.verified_at, d.verified_by, x.payload";
    private static final String WARNING_FROM = " FROM hub_delivery d JOIN hub_node n ON n.node_id = d.node_id "
            + "JOIN hub_directive x ON x.id = d.directive_id WHERE d.type = 'WARNING'";

    private final Database db;
    private final Clock clock;

    /** Creates the directive stream over a migrated database. */
    public Directives(Database db, Clock clock) {
        this.db = requireNonNull(db, "db is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Issues a directive to the target's active nodes. */
    public IssuedDirective issue(DirectiveBody body, Target target, String issuedBy) {
        requireNonNull(body, "body is null");
        requireNonNull(target, "target is null");
        requireNonNull(issuedBy, "issuedBy is null");
        try {
            return db.jdbi().inTransaction(h -> issue(h, body, target, issuedBy));
        } catch (RuntimeException e) {
            throw Database.translate(e, body.type() + " directive");
        }
    }

    IssuedDirective issue(Handle h, DirectiveBody body, Target target, String issuedBy) {
        String payload = Wire.json(body);
        if (payload.length() > MAX_PAYLOAD) {
            throw new MedsocException(FederationErrorCode.PAYLOAD_TOO_LARGE, "the " + body.type() + " directive has "
                    + payload.length() + " characters of JSON; the limit is " + MAX_PAYLOAD);
        }
        List<String> nodes = resolve(h, target);
        if (nodes.isEmpty()) {
            throw new MedsocException(FederationErrorCode.NOT_FOUND, "no active node matches " + target
                    + "; nothing was issued");
        }
        Instant now = Sql.millis(clock.instant());
        long id = h.createUpdate("INSERT INTO hub_directive (type, payload, created_at, created_by) "
                        + "VALUES (:type, :payload, :now, :by)")
                .bind("type", body.type().name()).bind("payload", payload).bind("now", Sql.at(now))
                .bind("by", issuedBy).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        Instant deadline = body instanceof DirectiveBody.Warning w ? w.deadline() : null;
        for (String node : nodes) {
            long position = h.createQuery("SELECT next_position FROM hub_node WHERE node_id = :node FOR UPDATE")
                    .bind("node", node).mapTo(Long.class).one();
            h.createUpdate("UPDATE hub_node SET next_position = :next WHERE node_id = :node")
                    .bind("next", position + 1).bind("node", node).execute();
            h.createUpdate("INSERT INTO hub_delivery (node_id, position, directive_id, type, state, deadline, sent_at) "
                            + "VALUES (:node, :position, :id, :type, 'SENT', :deadline, :now)")
                    .bind("node", node).bind("position", position).bind("id", id).bind("type", body.type().name())
                    .bind("deadline", Sql.at(deadline)).bind("now", Sql.at(now)).execute();
        }
        return new IssuedDirective(id, body.type(), nodes.stream().map(NodeId::new).toList());
    }

    /** The active node ids of a target, sorted (rows are locked in this order, so issuers cannot deadlock). */
    private static List<String> resolve(Handle h, Target target) {
        TreeSet<String> ids = new TreeSet<>();
        switch (target) {
            case Target.All a -> ids.addAll(h.createQuery("SELECT node_id FROM hub_node WHERE state = 'ACTIVE'")
                    .mapTo(String.class).list());
            case Target.Tenants t -> {
                if (!t.tenants().isEmpty()) {
                    ids.addAll(h.createQuery("SELECT node_id FROM hub_node WHERE state = 'ACTIVE' "
                                    + "AND tenant_id IN (<tenants>)")
                            .bindList("tenants", t.tenants().stream().map(TenantId::value).toList())
                            .mapTo(String.class).list());
                }
            }
            case Target.Nodes n -> {
                if (!n.nodes().isEmpty()) {
                    ids.addAll(h.createQuery("SELECT node_id FROM hub_node WHERE state = 'ACTIVE' "
                                    + "AND node_id IN (<nodes>)")
                            .bindList("nodes", n.nodes().stream().map(NodeId::value).toList())
                            .mapTo(String.class).list());
                }
            }
        }
        return new ArrayList<>(ids);
    }

    /**
     * The node's directives after {@code after}, at most {@code limit}, in position order; fetched warnings become
     * RECEIVED. Only the node's own deliveries are ever read.
     */
    public DirectivePage fetch(NodeId node, long after, int limit) {
        return fetchStored(node, after, limit).page();
    }

    record StoredPage(List<Wire.StoredDirective> directives, long cursor, boolean more) {
        DirectivePage page() {
            return new DirectivePage(directives.stream().map(d -> new Directive(d.id(), d.position(), d.createdAt(),
                    Wire.directiveBody(DirectiveType.valueOf(d.type()), d.payload()))).toList(), cursor, more);
        }
    }

    StoredPage fetchStored(NodeId node, long after, int limit) {
        requireNonNull(node, "node is null");
        if (limit < 1 || limit > 1000) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "limit must be 1 to 1000, was " + limit);
        }
        if (after < 0) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "after must not be negative, was " + after);
        }
        Instant now = Sql.millis(clock.instant());
        try {
            return db.jdbi().inTransaction(h -> {
                List<Wire.StoredDirective> rows = h.createQuery("SELECT d.position, x.id, x.type, x.created_at, "
                                + "x.payload FROM hub_delivery d JOIN hub_directive x ON x.id = d.directive_id "
                                + "WHERE d.node_id = :node AND d.position > :after ORDER BY d.position LIMIT :limit")
                        .bind("node", node.value()).bind("after", after).bind("limit", limit + 1)
                        .map((rs, ctx) -> new Wire.StoredDirective(rs.getLong("id"), rs.getLong("position"),
                                rs.getString("type"), Sql.instant(rs, "created_at"), rs.getString("payload")))
                        .list();
                boolean more = rows.size() > limit;
                List<Wire.StoredDirective> page = more ? rows.subList(0, limit) : rows;
                long cursor = page.isEmpty() ? after : page.getLast().position();
                if (!page.isEmpty()) {
                    h.createUpdate("UPDATE hub_delivery SET state = 'RECEIVED', received_at = :now "
                                    + "WHERE node_id = :node AND position > :after AND position <= :cursor "
                                    + "AND type = 'WARNING' AND state = 'SENT'")
                            .bind("now", Sql.at(now)).bind("node", node.value()).bind("after", after)
                            .bind("cursor", cursor).execute();
                }
                return new StoredPage(List.copyOf(page), cursor, more);
            });
        } catch (RuntimeException e) {
            throw Database.translate(e, "directives of node " + node);
        }
    }

    /** The warning's deliveries, one per node it was sent to. */
    public List<WarningDelivery> warning(long directiveId) {
        return warnings(" AND d.directive_id = :id ORDER BY d.node_id", "id", directiveId);
    }

    /** The warnings delivered to the tenants, newest first. */
    public List<WarningDelivery> warnings(Collection<TenantId> tenants) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + WARNING_COLUMNS + WARNING_FROM
                        + " AND n.tenant_id IN (<tenants>) ORDER BY d.sent_at DESC, d.directive_id DESC, d.node_id")
                .bindList("tenants", tenants.stream().map(TenantId::value).toList())
                .map((rs, ctx) -> delivery(rs, clock.instant())).list());
    }

    /** Warnings of the tenants past their deadline and not yet disposed of, oldest deadline first. */
    public List<WarningDelivery> overdue(Collection<TenantId> tenants) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + WARNING_COLUMNS + WARNING_FROM
                        + " AND d.state IN ('SENT', 'RECEIVED', 'ACKNOWLEDGED') AND d.deadline < :now "
                        + "AND n.tenant_id IN (<tenants>) ORDER BY d.deadline, d.node_id")
                .bind("now", Sql.at(now)).bindList("tenants", tenants.stream().map(TenantId::value).toList())
                .map((rs, ctx) -> delivery(rs, now)).list());
    }

    /** Marks a disposed warning at a node as verified by hub user {@code user}. */
    public WarningDelivery verify(long directiveId, NodeId node, String user) {
        requireNonNull(node, "node is null");
        requireNonNull(user, "user is null");
        Instant now = Sql.millis(clock.instant());
        db.jdbi().useTransaction(h -> {
            Optional<String> state = h.createQuery("SELECT state FROM hub_delivery WHERE directive_id = :id "
                            + "AND node_id = :node AND type = 'WARNING' FOR UPDATE")
                    .bind("id", directiveId).bind("node", node.value()).mapTo(String.class).findOne();
            if (state.isEmpty()) {
                throw new MedsocException(FederationErrorCode.NOT_FOUND,
                        "warning " + directiveId + " was not sent to node " + node);
            }
            if (!state.get().equals(WarningState.DISPOSED.name())) {
                throw new MedsocException(FederationErrorCode.INVALID_TRANSITION, "warning " + directiveId
                        + " at node " + node + " is " + state.get() + "; only a DISPOSED warning can be verified");
            }
            h.createUpdate("UPDATE hub_delivery SET state = 'VERIFIED', verified_at = :now, verified_by = :user "
                            + "WHERE directive_id = :id AND node_id = :node")
                    .bind("now", Sql.at(now)).bind("user", user).bind("id", directiveId).bind("node", node.value())
                    .execute();
        });
        return warnings(" AND d.directive_id = :id AND d.node_id = :node", "id", directiveId, node).getFirst();
    }

    private List<WarningDelivery> warnings(String condition, String name, long id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + WARNING_COLUMNS + WARNING_FROM + condition)
                .bind(name, id).map((rs, ctx) -> delivery(rs, clock.instant())).list());
    }

    private List<WarningDelivery> warnings(String condition, String name, long id, NodeId node) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + WARNING_COLUMNS + WARNING_FROM + condition)
                .bind(name, id).bind("node", node.value()).map((rs, ctx) -> delivery(rs, clock.instant())).list());
    }

    static WarningDelivery delivery(ResultSet rs, Instant now) throws SQLException {
        WarningState state = WarningState.valueOf(rs.getString("state"));
        Instant deadline = Sql.instant(rs, "deadline");
        @Nullable Instant disposed = Sql.nullableInstant(rs, "disposed_at");
        boolean overdue = disposed == null ? deadline.isBefore(now) : disposed.isAfter(deadline);
        String title = ((DirectiveBody.Warning) Wire.directiveBody(DirectiveType.WARNING, rs.getString("payload")))
                .title();
        return new WarningDelivery(rs.getLong("directive_id"), new NodeId(rs.getString("node_id")),
                TenantId.of(rs.getString("tenant_id")), title, state, deadline, Sql.instant(rs, "sent_at"),
                Optional.ofNullable(Sql.nullableInstant(rs, "received_at")),
                Optional.ofNullable(Sql.nullableInstant(rs, "acknowledged_at")),
                Optional.ofNullable(rs.getString("acknowledged_by")), Optional.ofNullable(disposed),
                Optional.ofNullable(rs.getString("evidence")),
                Optional.ofNullable(Sql.nullableInstant(rs, "verified_at")),
                Optional.ofNullable(rs.getString("verified_by")), overdue);
    }
}
