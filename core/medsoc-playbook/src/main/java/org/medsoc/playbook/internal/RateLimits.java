package org.medsoc.playbook.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets per target key ({@code firewall:<host>}, {@code http:<host>}, …): a burst of {@code perMinute}
 * requests, then {@code perMinute} per minute, on the executor's clock. Keys without a configured limit are unlimited.
 *
 * <p>The buckets live in memory: each executor process limits its own requests, and a restart starts full buckets.
 * A run that is over the limit is parked in the database until the next token is due (it never fails for this).
 */
public final class RateLimits {
    private static final class Bucket {
        final int perMinute;
        double tokens;
        Instant updated;

        Bucket(int perMinute, Instant now) {
            this.perMinute = perMinute;
            this.tokens = perMinute;
            this.updated = now;
        }
    }

    private final Map<String, Integer> limits;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** Limits per key, in requests per minute. */
    public RateLimits(Map<String, Integer> limits) {
        this.limits = Map.copyOf(limits);
    }

    /** The configured limit of a key, or 0 when unlimited. */
    public int perMinute(String key) {
        return limits.getOrDefault(key, 0);
    }

    /** Takes a token for {@code key}: zero when granted, else how long until the next token. */
    public synchronized Duration acquire(String key, Instant now) {
        Integer perMinute = limits.get(key);
        if (perMinute == null) {
            return Duration.ZERO;
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
        if (now.isAfter(b.updated)) {
            double elapsedMinutes = Duration.between(b.updated, now).toNanos() / 60e9;
            b.tokens = Math.min(b.perMinute, b.tokens + elapsedMinutes * b.perMinute);
            b.updated = now;
        }
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return Duration.ZERO;
        }
        double missingMinutes = (1 - b.tokens) / b.perMinute;
        return Duration.ofNanos(Math.max(1_000_000L, (long) Math.ceil(missingMinutes * 60e9)));
    }
}
