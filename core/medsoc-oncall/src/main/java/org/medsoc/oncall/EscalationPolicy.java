package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * How a page escalates while nobody acknowledges: the levels in order, then the last level notified again every
 * {@code repeatInterval}, {@code maxRepeats} times. One {@code repeatInterval} after the last notification the page
 * is exhausted. When every notification of a level fails permanently, the next level is notified at once instead of
 * after its delay.
 *
 * @param levels the levels, level 1 first (at most {@link #MAX_LEVELS})
 * @param repeatInterval the time between repeats of the last level, and the final wait before exhaustion
 * @param maxRepeats how many times the last level is repeated (0 to 10)
 */
public record EscalationPolicy(List<EscalationLevel> levels, Duration repeatInterval, int maxRepeats) {
    /** The most levels a policy may have. */
    public static final int MAX_LEVELS = 9;

    /** Validates and copies the values. */
    public EscalationPolicy {
        levels = List.copyOf(requireNonNull(levels, "levels is null"));
        requireNonNull(repeatInterval, "repeatInterval is null");
        if (levels.isEmpty() || levels.size() > MAX_LEVELS) {
            throw new IllegalArgumentException(
                    "an escalation policy needs 1 to " + MAX_LEVELS + " levels, not " + levels.size());
        }
        if (repeatInterval.isNegative() || repeatInterval.isZero()) {
            throw new IllegalArgumentException("repeat interval must be positive: " + repeatInterval);
        }
        if (maxRepeats < 0 || maxRepeats > 10) {
            throw new IllegalArgumentException("max repeats must be 0 to 10: " + maxRepeats);
        }
    }

    /**
     * The default: the primary at once on all channels, the secondary after 10 minutes, the manager after 15 more,
     * then the manager again every 15 minutes, twice.
     */
    public static EscalationPolicy standard() {
        return new EscalationPolicy(
                List.of(EscalationLevel.of(1, Duration.ZERO),
                        EscalationLevel.of(2, Duration.ofMinutes(10)),
                        EscalationLevel.of(3, Duration.ofMinutes(15))),
                Duration.ofMinutes(15),
                2);
    }
}
