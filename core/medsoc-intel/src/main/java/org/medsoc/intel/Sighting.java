package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A report that an indicator was observed (or judged) at a time by a source, for example a hospital's SOC. */
public record Sighting(IndicatorKey indicator, Instant time, SightingKind kind, String source) {
    public Sighting {
        requireNonNull(indicator, "indicator is null");
        requireNonNull(time, "time is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(source, "source is null");
    }
}
