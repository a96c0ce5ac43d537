package org.medsoc.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/**
 * How long and how much event data a node keeps.
 *
 * @param maxAge partitions whose whole UTC day ended more than this long ago are dropped; {@link Duration#ZERO}
 *     keeps them forever
 * @param maxBytes when the store is larger, the oldest partitions are dropped until it fits; 0 means unbounded
 */
public record RetentionPolicy(Duration maxAge, long maxBytes) {
    /** Default maximum age: 180 days (the MLPS 2.0 minimum for security logs is six months). */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(180);

    public RetentionPolicy {
        requireNonNull(maxAge, "maxAge is null");
        if (maxAge.isNegative()) {
            throw new MedsocException(
                    StoreErrorCode.INVALID_RETENTION_POLICY, "retention max age must not be negative, was " + maxAge);
        }
        if (maxBytes < 0) {
            throw new MedsocException(
                    StoreErrorCode.INVALID_RETENTION_POLICY, "retention max size must not be negative, was " + maxBytes);
        }
    }

    /** Keeps everything. */
    public static RetentionPolicy keepForever() {
        return new RetentionPolicy(Duration.ZERO, 0);
    }

    /**
     * Reads {@code store.retention.max-age} (a duration such as {@code 90d}; {@code 0d} keeps forever; default
     * {@link #DEFAULT_MAX_AGE}) and {@code store.retention.max-size} (a size such as {@code 500GB}; default 0,
     * unbounded).
     */
    public static RetentionPolicy fromSettings(Settings settings) {
        requireNonNull(settings, "settings is null");
        return new RetentionPolicy(
                settings.duration("store.retention.max-age", DEFAULT_MAX_AGE),
                settings.bytes("store.retention.max-size", 0));
    }
}
