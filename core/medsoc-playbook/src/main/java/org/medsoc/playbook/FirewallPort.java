package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * Blocks and unblocks addresses on a firewall (or a set of them). Implementations must be idempotent per {@code
 * idempotencyKey}: blocking an address that is already blocked, or unblocking one that is not, is a success. The
 * executor removes blocks with an expiry itself (an automatic unblock run), so {@code expiresAt} is advisory.
 */
public interface FirewallPort {
    /** What to block. */
    record BlockRequest(String address, Optional<Instant> expiresAt, String reason, String idempotencyKey) {
        /** Checks the parts. */
        public BlockRequest {
            requireNonNull(address, "address is null");
            requireNonNull(expiresAt, "expiresAt is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(idempotencyKey, "idempotencyKey is null");
        }
    }

    /** The firewall's identity for rate limits, for example its API host; limits are keyed {@code firewall:<target>}. */
    String target();

    /** Blocks an address. */
    ActionResult block(TenantId tenant, BlockRequest request);

    /** Removes a block on an address. */
    ActionResult unblock(TenantId tenant, String address, String idempotencyKey);
}
