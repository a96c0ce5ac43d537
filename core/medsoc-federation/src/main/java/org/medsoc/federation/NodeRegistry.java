package org.medsoc.federation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.medsoc.database.Database;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.database.Sql;

/**
 * The hub's register of member nodes: issues one-time enrolment codes, exchanges a code for node credentials,
 * revokes nodes, and opens a node's sealed secret for signature checks.
 */
public final class NodeRegistry {
    private static final System.Logger LOG = System.getLogger(NodeRegistry.class.getName());
    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "node_id, tenant_id, name, state, enrolled_at, revoked_at, revoked_reason, "
            + "applied_sequence, secret_sealed";

    private final Database db;
    private final HubMasterKey key;
    private final Clock clock;

    /** Creates the registry over a migrated database ({@code db.migrate("federation")}). */
    public NodeRegistry(Database db, HubMasterKey key, Clock clock) {
        this.db = requireNonNull(db, "db is null");
        this.key = requireNonNull(key, "key is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Issues a one-time code with which one node of {@code tenant} enrols within {@code validFor}. */
    public EnrolmentCode issueCode(TenantId tenant, String nodeName, Duration validFor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(nodeName, "nodeName is null");
        if (nodeName.isBlank() || nodeName.length() > 200) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "a node name must be 1 to 200 characters");
        }
        if (validFor.isNegative() || validFor.isZero()) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "an enrolment code must be valid for a "
                    + "positive duration, was " + validFor);
        }
        StringBuilder code = new StringBuilder(19);
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        Instant now = Sql.millis(clock.instant());
        Instant expires = Sql.millis(now.plus(validFor));
        String hash = hash(code.toString());
        try {
            db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO hub_enrolment_code (code_hash, tenant_id, node_name, "
                            + "created_at, expires_at) VALUES (:hash, :tenant, :name, :now, :expires)")
                    .bind("hash", hash).bind("tenant", tenant.value()).bind("name", nodeName)
                    .bind("now", Sql.at(now)).bind("expires", Sql.at(expires)).execute());
        } catch (RuntimeException e) {
            throw Database.translate(e, "enrolment code");
        }
        LOG.log(System.Logger.Level.INFO, "enrolment code issued for tenant {0}, node ''{1}'', expires {2}", tenant,
                nodeName, expires);
        return new EnrolmentCode(code.toString(), tenant, nodeName, expires);
    }

    /**
     * Exchanges an enrolment code for credentials of a new node. The code is consumed; {@code firstSequence} is the
     * first report sequence the node will send (its lowest unsent outbox sequence), so that the hub detects a gap
     * from the very first batch.
     */
    public NodeCredentials enrol(String code, long firstSequence) {
        requireNonNull(code, "code is null");
        if (firstSequence < 1) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST,
                    "firstSequence must be at least 1, was " + firstSequence);
        }
        String hash = hash(normalise(code));
        Instant now = Sql.millis(clock.instant());
        NodeId nodeId = NodeId.random();
        String secret = RequestSignature.newSecret();
        try {
            NodeCredentials credentials = db.jdbi().inTransaction(h -> {
                Optional<CodeRow> row = h.createQuery("SELECT tenant_id, node_name, expires_at, used_at "
                                + "FROM hub_enrolment_code WHERE code_hash = :hash FOR UPDATE")
                        .bind("hash", hash)
                        .map((rs, ctx) -> new CodeRow(TenantId.of(rs.getString("tenant_id")),
                                rs.getString("node_name"), Sql.instant(rs, "expires_at"),
                                Sql.nullableInstant(rs, "used_at")))
                        .findOne();
                if (row.isEmpty()) {
                    throw new MedsocException(FederationErrorCode.ENROLMENT_CODE_INVALID,
                            "the enrolment code is unknown; ask the hub operator for a new one");
                }
                CodeRow c = row.get();
                if (c.usedAt() != null) {
                    throw new MedsocException(FederationErrorCode.ENROLMENT_CODE_INVALID,
                            "the enrolment code was already used at " + c.usedAt()
                                    + "; a code enrols one node once: ask the hub operator for a new one");
                }
                if (!now.isBefore(c.expiresAt())) {
                    throw new MedsocException(FederationErrorCode.ENROLMENT_CODE_INVALID,
                            "the enrolment code expired at " + c.expiresAt() + "; ask the hub operator for a new one");
                }
                h.createUpdate("UPDATE hub_enrolment_code SET used_at = :now, node_id = :node WHERE code_hash = :hash")
                        .bind("now", Sql.at(now)).bind("node", nodeId.value()).bind("hash", hash).execute();
                h.createUpdate("INSERT INTO hub_node (node_id, tenant_id, name, secret_sealed, state, enrolled_at, "
                                + "applied_sequence, next_position) VALUES (:node, :tenant, :name, :sealed, 'ACTIVE', "
                                + ":now, :applied, 1)")
                        .bind("node", nodeId.value()).bind("tenant", c.tenant().value()).bind("name", c.nodeName())
                        .bind("sealed", key.seal(secret, nodeId.value())).bind("now", Sql.at(now))
                        .bind("applied", firstSequence - 1).execute();
                h.createUpdate("INSERT INTO hub_node_status (node_id) VALUES (:node)")
                        .bind("node", nodeId.value()).execute();
                return new NodeCredentials(nodeId, c.tenant(), secret);
            });
            LOG.log(System.Logger.Level.INFO, "node {0} enrolled for tenant {1}", nodeId, credentials.tenant());
            return credentials;
        } catch (RuntimeException e) {
            throw Database.translate(e, "enrolment of node " + nodeId);
        }
    }

    private record CodeRow(TenantId tenant, String nodeName, Instant expiresAt, @org.jspecify.annotations.Nullable
            Instant usedAt) {}

    /** Revokes a node: its every later request answers 401 with {@code reason}. */
    public MemberNode revoke(NodeId node, String reason) {
        requireNonNull(node, "node is null");
        requireNonNull(reason, "reason is null");
        Instant now = Sql.millis(clock.instant());
        int n = db.jdbi().withHandle(h -> h.createUpdate("UPDATE hub_node SET state = 'REVOKED', revoked_at = :now, "
                        + "revoked_reason = :reason WHERE node_id = :node AND state = 'ACTIVE'")
                .bind("now", Sql.at(now)).bind("reason", reason).bind("node", node.value()).execute());
        MemberNode m = find(node).orElseThrow(() -> new MedsocException(FederationErrorCode.NOT_FOUND,
                "node " + node + " is not enrolled at this hub"));
        if (n == 1) {
            LOG.log(System.Logger.Level.INFO, "node {0} of tenant {1} revoked: {2}", node, m.tenant(), reason);
        }
        return m;
    }

    /** The node with this id. */
    public Optional<MemberNode> find(NodeId node) {
        return db.jdbi().withHandle(h -> find(h, node)).map(SealedNode::node);
    }

    /** Every enrolled node, active and revoked, by tenant then name. */
    public List<MemberNode> list() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM hub_node ORDER BY tenant_id, name, "
                + "node_id").map(NodeRegistry::sealedNode).list()).stream().map(SealedNode::node).toList();
    }

    /** The active nodes of a tenant. */
    public List<MemberNode> active(TenantId tenant) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM hub_node WHERE tenant_id = :t "
                        + "AND state = 'ACTIVE' ORDER BY node_id").bind("t", tenant.value())
                .map(NodeRegistry::sealedNode).list()).stream().map(SealedNode::node).toList();
    }

    /** A node and its secret opened with the master key. */
    Optional<NodeWithSecret> withSecret(NodeId node) {
        return db.jdbi().withHandle(h -> find(h, node))
                .map(s -> new NodeWithSecret(s.node(), key.open(s.sealed(), s.node().nodeId().value())));
    }

    record NodeWithSecret(MemberNode node, String secret) {
        @Override
        public String toString() {
            return "NodeWithSecret[" + node.nodeId() + ", ***]";
        }
    }

    private record SealedNode(MemberNode node, String sealed) {}

    private static Optional<SealedNode> find(Handle h, NodeId node) {
        return h.createQuery("SELECT " + COLUMNS + " FROM hub_node WHERE node_id = :node")
                .bind("node", node.value()).map(NodeRegistry::sealedNode).findOne();
    }

    private static SealedNode sealedNode(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
        return new SealedNode(memberNode(rs), rs.getString("secret_sealed"));
    }

    static MemberNode memberNode(ResultSet rs) throws SQLException {
        return new MemberNode(new NodeId(rs.getString("node_id")), TenantId.of(rs.getString("tenant_id")),
                rs.getString("name"), MemberState.valueOf(rs.getString("state")), Sql.instant(rs, "enrolled_at"),
                Optional.ofNullable(Sql.nullableInstant(rs, "revoked_at")),
                Optional.ofNullable(rs.getString("revoked_reason")), rs.getLong("applied_sequence"));
    }

    static String normalise(String code) {
        StringBuilder b = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c != '-' && c != ' ') {
                b.append(Character.toUpperCase(c));
            }
        }
        String s = b.toString();
        if (s.length() != 16) {
            return s.toUpperCase(Locale.ROOT);
        }
        return s.substring(0, 4) + '-' + s.substring(4, 8) + '-' + s.substring(8, 12) + '-' + s.substring(12);
    }

    private static String hash(String code) {
        return RequestSignature.sha256Hex(code.getBytes(UTF_8));
    }
}
