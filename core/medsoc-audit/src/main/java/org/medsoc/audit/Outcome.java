package org.medsoc.audit;

/** How an audited action ended. */
public enum Outcome {
    /** It was done. */
    SUCCESS,
    /** It was refused for lack of permission (or failed authentication). */
    DENIED,
    /** It was attempted and failed. */
    FAILED
}
