package org.medsoc.api;

import java.util.Optional;
import org.medsoc.identity.Principal;

/** Turns a bearer token (session token, API token or the node's bootstrap token) into the caller. */
@FunctionalInterface
public interface Authenticator {
    /** The caller the token belongs to, or empty for an unknown, expired or revoked token. Never logs the token. */
    Optional<Principal> authenticate(String bearerToken);

    /**
     * The node's bootstrap token as the principal {@code bootstrapPrincipal} gives at the time of the request (so
     * tenants created since are covered), then {@code next} for every other token (sessions, API tokens).
     */
    static Authenticator withBootstrap(TokenVerifier bootstrap, java.util.function.Supplier<Principal> bootstrapPrincipal,
            Authenticator next) {
        return token -> bootstrap.verify(token) ? Optional.of(bootstrapPrincipal.get()) : next.authenticate(token);
    }

    /** Only the bootstrap token, as an administrator of {@code tenant} (tests, and nodes without users). */
    static Authenticator bootstrapOnly(TokenVerifier bootstrap, org.medsoc.spi.event.TenantId tenant) {
        Principal p = Principal.bootstrap(tenant);
        return withBootstrap(bootstrap, () -> p, token -> Optional.empty());
    }
}
