package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.medsoc.spi.event.TenantId;

/**
 * A sighting as kept by {@link Sightings}: its row id, the tenant it belongs to, who reported it ({@code origin} and
 * {@code source}, for example {@code USER}/{@code alice}), and when it was recorded and last updated (an automatic
 * SEEN aggregate is updated by every flush).
 */
public record RecordedSighting(
        long id,
        TenantId tenant,
        IndicatorKey indicator,
        SightingKind kind,
        SightingOrigin origin,
        String source,
        Instant firstSeen,
        Instant lastSeen,
        long count,
        String note,
        Instant recordedAt,
        Instant updatedAt) {
    public RecordedSighting {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(indicator, "indicator is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(source, "source is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
        requireNonNull(note, "note is null");
        requireNonNull(recordedAt, "recordedAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** This sighting as the STIX-level value (source written as {@code origin:source}). */
    public Sighting toSighting() {
        return new Sighting(indicator, lastSeen, kind, origin.name().toLowerCase(java.util.Locale.ROOT) + ":" + source,
                count, note, firstSeen);
    }
}
