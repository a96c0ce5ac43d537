package org.medsoc.notify.internal;

import java.util.function.LongSupplier;

/**
 * A token bucket holding at most {@code perMinute} tokens, refilled continuously at {@code perMinute} per minute, so
 * a burst of {@code perMinute} passes and the long-run rate never exceeds the limit over any minute by more than the
 * burst. Thread-safe (one lock; the critical section is a few arithmetic operations).
 */
public final class TokenBucket {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final long capacity;
    private final LongSupplier nanoTime;
    /** Tokens scaled by {@link #MINUTE_NANOS}: refilling {@code capacity} tokens per minute adds {@code capacity} per nanosecond. */
    private long scaledTokens;
    private long lastRefill;

    public TokenBucket(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1: " + perMinute);
        }
        this.capacity = perMinute;
        this.nanoTime = nanoTime;
        this.scaledTokens = capacity * MINUTE_NANOS;
        this.lastRefill = nanoTime.getAsLong();
    }

    /** Takes one token: 0 when taken, otherwise the nanoseconds until one is available (nothing taken). */
    public synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        long elapsed = Math.max(0, now - lastRefill);
        lastRefill = now;
        long max = capacity * MINUTE_NANOS;
        // elapsed * capacity may overflow after long idle periods; saturate at a full bucket
        long added = elapsed > max / capacity ? max : elapsed * capacity;
        scaledTokens = Math.min(max, scaledTokens + added);
        if (scaledTokens >= MINUTE_NANOS) {
            scaledTokens -= MINUTE_NANOS;
            return 0;
        }
        long missing = MINUTE_NANOS - scaledTokens;
        return (missing + capacity - 1) / capacity;
    }

    /** The configured tokens per minute. */
    public int perMinute() {
        return (int) capacity;
    }
}
