package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One step of an {@link EscalationPolicy}: who is notified, when, and how.
 *
 * @param position the place in the on-duty chain notified at this level: 1 primary, 2 secondary, 3 manager, …
 * @param after how long after the previous level (for level 1: after the page opens) this level is notified when
 *     nobody has acknowledged
 * @param channels the notifier channels to use, each only if the contact has an address on it; empty means every
 *     channel of the contact. The contact is notified on all of them at once.
 */
public record EscalationLevel(int position, Duration after, List<String> channels) {
    /** Validates and copies the values. */
    public EscalationLevel {
        requireNonNull(after, "after is null");
        channels = List.copyOf(requireNonNull(channels, "channels is null"));
        if (position < 1) {
            throw new IllegalArgumentException("escalation level position must be 1 (primary) or more: " + position);
        }
        if (after.isNegative()) {
            throw new IllegalArgumentException("escalation level delay must not be negative: " + after);
        }
    }

    /** A level notifying chain position {@code position} after {@code after} on the given channels. */
    public static EscalationLevel of(int position, Duration after, String... channels) {
        return new EscalationLevel(position, after, List.of(channels));
    }
}
