package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import org.medsoc.vuln.Severity;

/**
 * A tenant's posture numbers: findings per severity and state, active findings past their deadline, and active
 * known-exploited findings.
 *
 * @param bySeverityAndState counts per severity, then per state (every severity and state present, zeros included)
 * @param overdue active findings past their deadline
 * @param knownExploitedActive active findings in the KEV catalog
 */
public record FindingCounts(
        Map<Severity, Map<FindingState, Long>> bySeverityAndState, long overdue, long knownExploitedActive) {
    /** Copies the counts. */
    public FindingCounts {
        requireNonNull(bySeverityAndState, "bySeverityAndState is null");
        Map<Severity, Map<FindingState, Long>> copy = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            Map<FindingState, Long> inner = new EnumMap<>(FindingState.class);
            for (FindingState st : FindingState.values()) {
                inner.put(st, bySeverityAndState.getOrDefault(s, Map.of()).getOrDefault(st, 0L));
            }
            copy.put(s, java.util.Collections.unmodifiableMap(inner));
        }
        bySeverityAndState = java.util.Collections.unmodifiableMap(copy);
    }

    /** How many findings have this severity and state. */
    public long count(Severity severity, FindingState state) {
        return bySeverityAndState.get(severity).get(state);
    }

    /** Active findings (OPEN, IN_PROGRESS, REOPENED) of a severity. */
    public long active(Severity severity) {
        long n = 0;
        for (FindingState st : FindingState.values()) {
            if (st.active()) {
                n += count(severity, st);
            }
        }
        return n;
    }

    /** Findings in a state, all severities. */
    public long inState(FindingState state) {
        long n = 0;
        for (Severity s : Severity.values()) {
            n += count(s, state);
        }
        return n;
    }

    /** All findings. */
    public long total() {
        long n = 0;
        for (FindingState st : FindingState.values()) {
            n += inState(st);
        }
        return n;
    }
}
