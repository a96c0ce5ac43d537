package org.medsoc.incident;

/** Where one SLA target stands. */
public enum SlaState {
    /** Not done yet, more than 20% of the window left. */
    ON_TRACK,
    /** Not done yet, less than 20% of the window left. */
    AT_RISK,
    /** Done before the deadline. */
    MET,
    /** Done late, or not done and past the deadline. */
    BREACHED
}
