package org.medsoc.incident;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.medsoc.spi.error.MedsocException;

/**
 * The named moves of the incident lifecycle, each allowed from a fixed set of states and leading to one state:
 * <pre>
 * acknowledge          NEW                 → TRIAGING
 * contain              TRIAGING            → CONTAINING
 * resolve              TRIAGING|CONTAINING → RESOLVED
 * close                RESOLVED            → CLOSED
 * reopen               RESOLVED|CLOSED     → TRIAGING
 * mark_false_positive  NEW|TRIAGING        → RESOLVED
 * </pre>
 */
public enum Transition {
    /** An analyst takes the incident. */
    ACKNOWLEDGE("acknowledge", EnumSet.of(IncidentState.NEW), IncidentState.TRIAGING),
    /** Containment starts. */
    CONTAIN("contain", EnumSet.of(IncidentState.TRIAGING), IncidentState.CONTAINING),
    /** Investigation ends with a resolution and a summary. */
    RESOLVE("resolve", EnumSet.of(IncidentState.TRIAGING, IncidentState.CONTAINING), IncidentState.RESOLVED),
    /** The resolved incident is filed. */
    CLOSE("close", EnumSet.of(IncidentState.RESOLVED), IncidentState.CLOSED),
    /** Work resumes on a resolved or closed incident, with a reason. */
    REOPEN("reopen", EnumSet.of(IncidentState.RESOLVED, IncidentState.CLOSED), IncidentState.TRIAGING),
    /** Shortcut: resolve as false positive without triage. */
    MARK_FALSE_POSITIVE("mark_false_positive", EnumSet.of(IncidentState.NEW, IncidentState.TRIAGING),
            IncidentState.RESOLVED);

    private final String label;
    private final Set<IncidentState> from;
    private final IncidentState to;

    Transition(String label, Set<IncidentState> from, IncidentState to) {
        this.label = label;
        this.from = from;
        this.to = to;
    }

    /** The API name, e.g. {@code mark_false_positive}. */
    public String label() {
        return label;
    }

    /** The states this transition may start from. */
    public Set<IncidentState> from() {
        return Set.copyOf(from);
    }

    /** The state this transition leads to. */
    public IncidentState to() {
        return to;
    }

    /** Whether the transition may start from {@code state}. */
    public boolean allowedFrom(IncidentState state) {
        return from.contains(state);
    }

    /**
     * The state after applying this transition to incident {@code incidentId} in state {@code current}; {@link
     * IncidentErrorCode#INVALID_TRANSITION} if not allowed.
     */
    public IncidentState apply(long incidentId, IncidentState current) {
        if (!from.contains(current)) {
            String allowed = from.stream().map(Enum::name).collect(Collectors.joining(" or "));
            throw new MedsocException(IncidentErrorCode.INVALID_TRANSITION, "incident " + incidentId + " is "
                    + current + "; '" + label + "' is allowed only from " + allowed);
        }
        return to;
    }
}
