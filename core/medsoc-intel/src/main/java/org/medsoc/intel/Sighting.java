package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.medsoc.spi.error.MedsocException;

/**
 * A report that an indicator was observed (or judged) by a source, for example a hospital's SOC: {@code count}
 * observations between {@code firstSeen} and {@code time} (the last one), with an optional free-text note.
 */
public record Sighting(
        IndicatorKey indicator, Instant time, SightingKind kind, String source, long count, String note,
        Instant firstSeen) {
    public Sighting {
        requireNonNull(indicator, "indicator is null");
        requireNonNull(time, "time is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(source, "source is null");
        requireNonNull(note, "note is null");
        requireNonNull(firstSeen, "firstSeen is null");
        if (count < 1) {
            throw new MedsocException(IntelErrorCode.INVALID_SIGHTING, "sighting count " + count + " must be at least 1");
        }
        if (firstSeen.isAfter(time)) {
            throw new MedsocException(IntelErrorCode.INVALID_SIGHTING,
                    "sighting first seen " + firstSeen + " is after its last time " + time);
        }
    }

    /** A single observation at {@code time} without a note. */
    public Sighting(IndicatorKey indicator, Instant time, SightingKind kind, String source) {
        this(indicator, time, kind, source, 1, "", time);
    }
}
