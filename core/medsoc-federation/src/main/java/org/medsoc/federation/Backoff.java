package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a background link loop waits: {@code interval} between rounds when all is well, and after a failure a delay
 * starting at {@code initial} that doubles per consecutive failure up to {@code max}.
 */
public record Backoff(Duration interval, Duration initial, Duration max) {
    /** Checks the parts. */
    public Backoff {
        requireNonNull(interval, "interval is null");
        requireNonNull(initial, "initial is null");
        requireNonNull(max, "max is null");
        if (interval.isNegative() || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs interval >= 0 and 0 < initial <= max: " + interval
                    + ", " + initial + ", " + max);
        }
    }

    /** Every 5 s; after failures 1 s doubling up to 2 min. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(2));
    }

    /** The delay after {@code failures} consecutive failures (at least one). */
    public Duration delay(int failures) {
        Duration d = initial;
        for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
