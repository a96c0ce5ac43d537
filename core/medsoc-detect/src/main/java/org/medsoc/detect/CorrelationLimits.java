package org.medsoc.detect;

/**
 * Bounds on the state a {@link Correlator} holds: groups per correlation and events (also distinct values) per
 * group. When full, the least recently updated group is evicted, or the oldest event of a group dropped, and counted.
 *
 * @param maxGroupsPerCorrelation most groups (distinct group-by values) held per correlation
 * @param maxEventsPerGroup most events held per group and window
 */
public record CorrelationLimits(int maxGroupsPerCorrelation, int maxEventsPerGroup) {
    /** Creates limits; both must be positive. */
    public CorrelationLimits {
        if (maxGroupsPerCorrelation < 1 || maxEventsPerGroup < 1) {
            throw new IllegalArgumentException("correlation limits must be positive: groups " + maxGroupsPerCorrelation
                    + ", events " + maxEventsPerGroup);
        }
    }

    /** 100,000 groups per correlation, 1,000 events per group. */
    public static CorrelationLimits defaults() {
        return new CorrelationLimits(100_000, 1_000);
    }
}
