package org.medsoc.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand (SLA, expiry, escalation and retry timing without sleeping). Thread-safe. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    /** Puts the clock at {@code t}. */
    public void set(Instant t) {
        now = t;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
