package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** What a node's event store says about an indicator in a time range: how often, and first and last seen. */
public record TraceAnswer(long count, Optional<Instant> firstSeen, Optional<Instant> lastSeen) {
    /** Checks the parts. */
    public TraceAnswer {
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
        if (count < 0) {
            throw new IllegalArgumentException("count is negative");
        }
    }

    /** Not seen. */
    public static TraceAnswer none() {
        return new TraceAnswer(0, Optional.empty(), Optional.empty());
    }
}
