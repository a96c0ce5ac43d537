package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.medsoc.common.Settings;

/**
 * Retry and lease settings of the {@link PagingService}. Keys under {@code oncall.}: {@code retry.initial-backoff}
 * (default 30 s), {@code retry.max-backoff} (5 min), {@code retry.max-attempts} (5), {@code send-lease} (2 min).
 * A transient failure is retried after the larger of the provider's {@code retryAfter} and an exponential backoff
 * ({@code initial × 2^(attempt-1)}, capped).
 *
 * @param initialBackoff backoff after the first transient failure
 * @param maxBackoff the cap of the exponential backoff (a longer provider hint is still honoured)
 * @param maxAttempts attempts per notification before it fails for good
 * @param sendLease how long a claimed notification may stay SENDING before another pass retries it
 */
public record PagingConfig(Duration initialBackoff, Duration maxBackoff, int maxAttempts, Duration sendLease) {
    /** The defaults. */
    public static final PagingConfig DEFAULT =
            new PagingConfig(Duration.ofSeconds(30), Duration.ofMinutes(5), 5, Duration.ofMinutes(2));

    /** Validates the values. */
    public PagingConfig {
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(sendLease, "sendLease is null");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("oncall.retry backoffs must be positive with max-backoff >= "
                    + "initial-backoff: " + initialBackoff + ", " + maxBackoff);
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("oncall.retry.max-attempts must be 1 to 100: " + maxAttempts);
        }
        if (sendLease.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("oncall.send-lease must be at least 30s (longer than a send): "
                    + sendLease);
        }
    }

    /** Reads the keys under {@code oncall.} (the prefix removed), defaults for absent ones. */
    public static PagingConfig fromSettings(Settings section) {
        requireNonNull(section, "section is null");
        return new PagingConfig(
                section.duration("retry.initial-backoff", DEFAULT.initialBackoff),
                section.duration("retry.max-backoff", DEFAULT.maxBackoff),
                section.integer("retry.max-attempts", DEFAULT.maxAttempts),
                section.duration("send-lease", DEFAULT.sendLease));
    }

    /** The wait before attempt {@code failedAttempts + 1}, honouring a provider hint. */
    Duration backoff(int failedAttempts, java.util.Optional<Duration> retryAfter) {
        Duration exp = initialBackoff;
        for (int i = 1; i < failedAttempts && exp.compareTo(maxBackoff) < 0; i++) {
            exp = exp.multipliedBy(2);
        }
        if (exp.compareTo(maxBackoff) > 0) {
            exp = maxBackoff;
        }
        Duration base = exp;
        return retryAfter.filter(r -> r.compareTo(base) > 0).orElse(base);
    }
}
