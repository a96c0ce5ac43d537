package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.medsoc.spi.event.TenantId;

/**
 * An asset of a tenant as stored: its attributes plus identity, status, when it was first and last seen, and the
 * version that optimistic locking compares on update.
 *
 * @param id the inventory-wide id
 * @param tenant the owning tenant
 * @param attributes the editable description
 * @param status where the asset is in its life
 * @param firstSeen when it was first seen (created, discovered, or first seen by a scanner)
 * @param lastSeen when it was last seen in events or by a scanner (not versioned: telemetry, not an edit)
 * @param createdAt when the record was created
 * @param updatedAt when the record was last changed
 * @param version incremented by every change of attributes or status
 */
public record Asset(
        long id,
        TenantId tenant,
        AssetAttributes attributes,
        AssetStatus status,
        Instant firstSeen,
        Instant lastSeen,
        Instant createdAt,
        Instant updatedAt,
        long version) {
    /** Checks the values are present. */
    public Asset {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(attributes, "attributes is null");
        requireNonNull(status, "status is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
