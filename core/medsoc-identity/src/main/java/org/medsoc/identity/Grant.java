package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.event.TenantId;

/**
 * A role given to a user on a tenant. A grant on a tenant with members (a district or a provider) covers the members
 * too, transitively.
 */
public record Grant(TenantId tenant, Role role) {
    /** Checks the parts. */
    public Grant {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(role, "role is null");
    }
}
