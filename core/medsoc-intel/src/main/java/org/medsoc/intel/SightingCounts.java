package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * How often a tenant sighted one indicator, per kind (sums of the sightings' counts), when it was last seen, and
 * whether the tenant's latest analyst judgement suppresses it (FALSE_POSITIVE or EXPIRED after any TRUE_POSITIVE).
 */
public record SightingCounts(
        long seen, long truePositive, long falsePositive, long expired, Optional<Instant> lastSeen, boolean suppressed) {
    public SightingCounts {
        requireNonNull(lastSeen, "lastSeen is null");
    }

    /** No sighting at all. */
    public static final SightingCounts NONE = new SightingCounts(0, 0, 0, 0, Optional.empty(), false);
}
