package org.medsoc.federation;

/** Where one node stands on one trace. */
public enum TraceStatus {
    /** Sent; no answer yet. */
    PENDING,
    /** The node answered with counts. */
    ANSWERED,
    /** The node could not search (its error is kept). */
    FAILED
}
