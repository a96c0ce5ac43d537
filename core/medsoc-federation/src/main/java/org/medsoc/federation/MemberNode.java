package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * A node enrolled at this hub.
 *
 * @param nodeId its identity
 * @param tenant the tenant its data is filed under
 * @param name a human name (e.g. the hospital's)
 * @param state active or revoked
 * @param enrolledAt when it enrolled
 * @param revokedAt when it was revoked
 * @param revokedReason why
 * @param appliedSequence the highest report sequence applied
 */
public record MemberNode(NodeId nodeId, TenantId tenant, String name, MemberState state, Instant enrolledAt,
        Optional<Instant> revokedAt, Optional<String> revokedReason, long appliedSequence) {
    /** Checks the parts. */
    public MemberNode {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        requireNonNull(enrolledAt, "enrolledAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        requireNonNull(revokedReason, "revokedReason is null");
    }
}
