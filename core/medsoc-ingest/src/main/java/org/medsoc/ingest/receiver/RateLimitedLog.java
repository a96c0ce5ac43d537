package org.medsoc.ingest.receiver;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Logs at most one message per kind per interval and reports how many were suppressed in between, so a flood of bad
 * input cannot flood the log. Kinds are a small fixed set chosen by the caller (not peers).
 */
public final class RateLimitedLog {
    private final Logger logger;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger logger, long intervalMillis) {
        this.logger = requireNonNull(logger, "logger is null");
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs {@code message} unless another message of {@code kind} was logged within the interval. */
    public void log(Level level, String kind, String message, @Nullable Throwable cause) {
        Slot slot = slots.computeIfAbsent(kind, k -> new Slot());
        long now = System.nanoTime();
        long last = slot.lastNanos.get();
        if (last != 0 && now - last < intervalNanos) {
            slot.suppressed.incrementAndGet();
            return;
        }
        if (!slot.lastNanos.compareAndSet(last, now == 0 ? 1 : now)) {
            slot.suppressed.incrementAndGet();
            return;
        }
        long suppressed = slot.suppressed.getAndSet(0);
        String text = suppressed == 0 ? message : message + " (" + suppressed + " similar messages suppressed)";
        if (cause == null) {
            logger.log(level, text);
        } else {
            logger.log(level, text, cause);
        }
    }

    private static final class Slot {
        final AtomicLong lastNanos = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
