package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An indicator seen across the region: at how many nodes, how often in total, and when last. */
public record IndicatorRank(String kind, String value, int nodes, long sightings, Instant lastSeen) {
    /** Checks the parts. */
    public IndicatorRank {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
        requireNonNull(lastSeen, "lastSeen is null");
    }
}
