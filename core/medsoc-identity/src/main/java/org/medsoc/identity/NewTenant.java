package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * What is needed to create a tenant.
 *
 * @param id the new tenant's id
 * @param name human-readable name (1 to 200 characters)
 * @param parent the district or provider it becomes a member of; empty for a top-level tenant
 */
public record NewTenant(TenantId id, String name, Optional<TenantId> parent) {
    /** Checks the parts. */
    public NewTenant {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(parent, "parent is null");
    }

    /** A top-level tenant. */
    public static NewTenant topLevel(TenantId id, String name) {
        return new NewTenant(id, name, Optional.empty());
    }

    /** A member of {@code parent}. */
    public static NewTenant memberOf(TenantId parent, TenantId id, String name) {
        return new NewTenant(id, name, Optional.of(parent));
    }
}
