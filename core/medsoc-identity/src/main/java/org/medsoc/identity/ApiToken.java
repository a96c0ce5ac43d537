package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A personal API token as listed (never with its secret). The token acts as its user, narrowed to {@link #scope()}
 * when the scope is not empty; it never gives more than the user currently holds.
 *
 * @param id public id, also the token's prefix
 * @param userId owner
 * @param name the owner's name for it, unique per owner
 * @param scope the permissions it is limited to; empty means all of the owner's permissions
 * @param createdAt when issued
 * @param expiresAt when it stops working; empty for never
 * @param lastUsedAt last successful use
 * @param revokedAt when revoked
 */
public record ApiToken(
        String id,
        UserId userId,
        String name,
        Set<Permission> scope,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> lastUsedAt,
        Optional<Instant> revokedAt) {
    /** Checks and copies the parts. */
    public ApiToken {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        scope = Set.copyOf(scope);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(lastUsedAt, "lastUsedAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
    }
}
