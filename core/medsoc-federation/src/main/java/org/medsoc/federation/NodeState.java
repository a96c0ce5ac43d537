package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.medsoc.database.Database;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.database.Sql;

/**
 * What a node keeps about its link to the hub: its credentials (the signing secret is stored as issued, since
 * HMAC signing needs it; the node's database is local to the hospital) and its named cursors (the directive
 * cursor). Survives restarts.
 */
public final class NodeState {
    /** The name of the directive cursor. */
    public static final String DIRECTIVES = "directives";

    private final Database db;
    private final Clock clock;

    /** Creates the state over a migrated database. */
    public NodeState(Database db, Clock clock) {
        this.db = requireNonNull(db, "db is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The node's credentials, if it has enrolled. */
    public Optional<NodeCredentials> credentials() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT node_id, tenant_id, secret FROM node_identity "
                        + "WHERE id = 1")
                .map((rs, ctx) -> new NodeCredentials(new NodeId(rs.getString("node_id")),
                        TenantId.of(rs.getString("tenant_id")), rs.getString("secret")))
                .findOne());
    }

    /** The credentials, or a precise error when the node has not enrolled. */
    public NodeCredentials requireCredentials() {
        return credentials().orElseThrow(() -> new MedsocException(FederationErrorCode.NOT_ENROLLED,
                "this node is not enrolled at a hub; enrol it with the one-time code from the hub operator"));
    }

    /**
     * Stores new credentials, replacing earlier ones. A new node identity at the hub starts a new directive stream,
     * so the directive cursor is reset.
     */
    public void saveCredentials(NodeCredentials credentials) {
        requireNonNull(credentials, "credentials is null");
        Instant now = Sql.millis(clock.instant());
        db.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM node_identity WHERE id = 1").execute();
            h.createUpdate("INSERT INTO node_identity (id, node_id, tenant_id, secret, enrolled_at) "
                            + "VALUES (1, :node, :tenant, :secret, :now)")
                    .bind("node", credentials.nodeId().value()).bind("tenant", credentials.tenant().value())
                    .bind("secret", credentials.secret()).bind("now", Sql.at(now)).execute();
            h.createUpdate("DELETE FROM node_cursor WHERE name = :name").bind("name", DIRECTIVES).execute();
        });
    }

    /** The position of a cursor, 0 when never advanced. */
    public long cursor(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT position FROM node_cursor WHERE name = :name")
                .bind("name", name).mapTo(Long.class).findOne().orElse(0L));
    }

    /** Moves a cursor forward to {@code position}; never moves it back. */
    public void advanceCursor(String name, long position) {
        Instant now = Sql.millis(clock.instant());
        db.jdbi().useTransaction(h -> {
            int n = h.createUpdate("UPDATE node_cursor SET position = :p, updated_at = :now WHERE name = :name "
                            + "AND position < :p")
                    .bind("p", position).bind("now", Sql.at(now)).bind("name", name).execute();
            if (n == 0 && h.createQuery("SELECT COUNT(*) FROM node_cursor WHERE name = :name").bind("name", name)
                    .mapTo(Long.class).one() == 0) {
                h.createUpdate("INSERT INTO node_cursor (name, position, updated_at) VALUES (:name, :p, :now)")
                        .bind("name", name).bind("p", position).bind("now", Sql.at(now)).execute();
            }
        });
    }
}
