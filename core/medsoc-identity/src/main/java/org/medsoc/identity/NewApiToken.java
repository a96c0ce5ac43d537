package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What is needed to issue an API token.
 *
 * @param name the owner's name for it (1 to 100 characters, unique per owner)
 * @param scope the permissions to limit it to (each must be one the owner holds); empty for all of the owner's
 * @param expiresAt when it stops working; empty for never
 */
public record NewApiToken(String name, Set<Permission> scope, Optional<Instant> expiresAt) {
    /** Checks and copies the parts. */
    public NewApiToken {
        requireNonNull(name, "name is null");
        scope = Set.copyOf(scope);
        requireNonNull(expiresAt, "expiresAt is null");
    }
}
