package org.medsoc.findings;

/** Whether a finding's fix has been checked by a later scan. */
public enum RetestState {
    /** No retest asked for. */
    NONE,
    /** A retest is asked for: the next import that covers the host decides. */
    RETEST_REQUESTED,
    /** An import covering the host no longer reported the finding. */
    VERIFIED_FIXED,
    /** A retest was asked for and an import covering the host still reported the finding. */
    STILL_PRESENT
}
