package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.database.Sql;

/**
 * Verifies a node's signed request at the hub (see {@link RequestSignature}): the node must exist, the timestamp
 * must lie within the allowed skew of the hub's clock, the HMAC must match, the node must not be revoked, and the
 * nonce must not have been seen within the window. Nonces are kept in the database ({@code hub_nonce}) until the
 * window has passed, so a replay is refused even across a hub restart. The identity of the caller is the node
 * named by the verified signature, never anything in the body.
 */
public final class HubAuthenticator {
    /** The default allowed clock skew between node and hub. */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(HubAuthenticator.class.getName());

    private final Database db;
    private final NodeRegistry registry;
    private final Clock clock;
    private final Duration skew;
    private final AtomicLong nextPurge = new AtomicLong();

    /** Creates the verifier; {@code skew} is how far a request's timestamp may be from the hub's clock. */
    public HubAuthenticator(Database db, NodeRegistry registry, Clock clock, Duration skew) {
        this.db = requireNonNull(db, "db is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.skew = requireNonNull(skew, "skew is null");
    }

    /**
     * Answers the node that signed the request, or throws {@link FederationErrorCode#UNAUTHENTICATED} or {@link
     * FederationErrorCode#NODE_REVOKED}.
     *
     * @param headers request headers; names compared case-insensitively
     */
    public MemberNode verify(String method, String pathWithQuery, Map<String, String> headers, byte[] body) {
        Map<String, String> hs = HubProtocol.caseInsensitive(headers);
        String nodeText = required(hs, RequestSignature.NODE);
        String timestampText = required(hs, RequestSignature.TIMESTAMP);
        String nonce = required(hs, RequestSignature.NONCE);
        String signature = required(hs, RequestSignature.SIGNATURE);
        NodeId nodeId;
        try {
            nodeId = new NodeId(nodeText);
        } catch (IllegalArgumentException e) {
            throw unauthenticated("the " + RequestSignature.NODE + " header is not a node id");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText);
        } catch (NumberFormatException e) {
            throw unauthenticated("the " + RequestSignature.TIMESTAMP + " header must be epoch seconds");
        }
        if (!RequestSignature.validNonce(nonce)) {
            throw unauthenticated("the " + RequestSignature.NONCE + " header must be 16 to 64 characters of "
                    + "[A-Za-z0-9_-]");
        }
        Instant now = clock.instant();
        long drift = Math.abs(now.getEpochSecond() - timestamp);
        if (drift > skew.toSeconds()) {
            throw unauthenticated("the request was signed at " + Instant.ofEpochSecond(timestamp) + ", "
                    + drift + " s away from the hub's clock (" + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "); at most " + skew.toSeconds() + " s are allowed: check the node's time synchronisation");
        }
        NodeRegistry.NodeWithSecret node = registry.withSecret(nodeId).orElseThrow(() -> unauthenticated(
                "node " + nodeId + " is not enrolled at this hub; enrol with a code from the hub operator"));
        String expected = RequestSignature.sign(node.secret(), method, pathWithQuery, timestamp, nonce, body);
        if (!RequestSignature.matches(expected, signature)) {
            LOG.log(System.Logger.Level.WARNING, "bad signature from node {0} on {1} {2}", nodeId, method,
                    pathWithQuery);
            throw unauthenticated("the signature does not match the request for node " + nodeId
                    + "; the body, path, timestamp or nonce changed after signing, or the secret is wrong");
        }
        MemberNode member = node.node();
        if (member.state() == MemberState.REVOKED) {
            throw new MedsocException(FederationErrorCode.NODE_REVOKED, "node " + nodeId + " was revoked at "
                    + member.revokedAt().map(Instant::toString).orElse("?") + " ("
                    + member.revokedReason().orElse("no reason given")
                    + "); it can no longer report or fetch: enrol again with a new code from the hub operator");
        }
        rememberNonce(nodeId, nonce, now);
        return member;
    }

    private void rememberNonce(NodeId node, String nonce, Instant now) {
        Instant expires = now.plus(skew).plus(skew);
        try {
            db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO hub_nonce (node_id, nonce, expires_at) "
                            + "VALUES (:node, :nonce, :expires)")
                    .bind("node", node.value()).bind("nonce", nonce).bind("expires", Sql.at(expires)).execute());
        } catch (RuntimeException e) {
            MedsocException m = Database.translate(e, "nonce");
            if (m.errorCode().equals(DatabaseErrorCode.DUPLICATE_KEY.toErrorCode())) {
                LOG.log(System.Logger.Level.WARNING, "replayed request from node {0}", node);
                throw unauthenticated("the nonce of this request was already used: a replayed request is refused; "
                        + "sign every request with a fresh nonce");
            }
            throw m;
        }
        long purgeAt = nextPurge.get();
        if (now.toEpochMilli() >= purgeAt && nextPurge.compareAndSet(purgeAt, now.toEpochMilli() + 60_000)) {
            db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM hub_nonce WHERE expires_at < :now")
                    .bind("now", Sql.at(now)).execute());
        }
    }

    private static String required(Map<String, String> headers, String name) {
        String v = headers.get(name);
        if (v == null || v.isEmpty()) {
            throw unauthenticated("the request is not signed: header " + name + " is missing; nodes sign every "
                    + "request with " + RequestSignature.NODE + ", " + RequestSignature.TIMESTAMP + ", "
                    + RequestSignature.NONCE + " and " + RequestSignature.SIGNATURE);
        }
        return v;
    }

    private static MedsocException unauthenticated(String message) {
        return new MedsocException(FederationErrorCode.UNAUTHENTICATED, message);
    }
}
