package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A period of special protection (重保, for example during a national event or an attack-and-defence exercise):
 * pages opened in it have every escalation delay multiplied by {@code delayFactor} and ignore quiet hours.
 *
 * @param start when protection begins (inclusive)
 * @param end when it ends (exclusive)
 * @param delayFactor the multiplier of escalation delays, more than 0 and at most 1 (0.5 halves them)
 * @param reason why, for the record ("2026 两会重保")
 */
public record ProtectionWindow(Instant start, Instant end, double delayFactor, String reason) {
    /** Validates the values. */
    public ProtectionWindow {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(reason, "reason is null");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("protection window ends at " + end + ", not after its start " + start);
        }
        if (!(delayFactor > 0 && delayFactor <= 1)) {
            throw new IllegalArgumentException("protection delay factor must be in (0, 1]: " + delayFactor);
        }
    }

    /** Whether an instant falls in the window. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
