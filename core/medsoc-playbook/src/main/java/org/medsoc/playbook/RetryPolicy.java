package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a step is retried after a transient failure: at most {@code maxAttempts} attempts in all, waiting {@code backoff}
 * after the first failure and twice as long after each further one, never more than {@code maxBackoff}. A target's
 * Retry-After hint lengthens the wait (up to {@code maxBackoff} too). Permanent failures are never retried.
 */
public record RetryPolicy(int maxAttempts, Duration backoff, Duration maxBackoff) {
    /** Three attempts, 30 s then 60 s apart, at most 10 min. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10));

    /** Checks the values. */
    public RetryPolicy {
        requireNonNull(backoff, "backoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("max_attempts must be 1 to 100, was " + maxAttempts);
        }
        if (backoff.isNegative() || backoff.isZero() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and at most max_backoff");
        }
    }

    /** The wait after the {@code failures}-th transient failure (from 1), given the target's hint (zero if none). */
    public Duration delayAfter(int failures, Duration hint) {
        Duration delay = backoff;
        for (int i = 1; i < failures && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        if (hint.compareTo(delay) > 0) {
            delay = hint;
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
