package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * A customer whose data is kept apart from every other customer's: a hospital, or a district or provider whose
 * members are hospitals (or further districts). A grant on a tenant covers its members.
 *
 * @param id the tenant id
 * @param name human-readable name
 * @param parent the district or provider this tenant is a member of
 * @param status lifecycle state
 * @param createdAt when it was created
 */
public record Tenant(TenantId id, String name, Optional<TenantId> parent, TenantStatus status, Instant createdAt) {
    /** Checks the parts. */
    public Tenant {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(parent, "parent is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
