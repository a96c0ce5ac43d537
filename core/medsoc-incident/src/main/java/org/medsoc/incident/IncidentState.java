package org.medsoc.incident;

/** Where an incident is in its lifecycle; see {@link Transition} for the moves between states. */
public enum IncidentState {
    /** Opened by the intake, nobody has looked at it yet. */
    NEW,
    /** An analyst is investigating. */
    TRIAGING,
    /** Containment is under way (host isolated, account disabled, address blocked). */
    CONTAINING,
    /** Investigation finished with a resolution; waiting to be closed or reopened. */
    RESOLVED,
    /** Done. */
    CLOSED;

    /** Whether the incident still needs work (NEW, TRIAGING or CONTAINING): the SLA clock runs, alerts join it. */
    public boolean isOpen() {
        return switch (this) {
            case NEW, TRIAGING, CONTAINING -> true;
            case RESOLVED, CLOSED -> false;
        };
    }
}
