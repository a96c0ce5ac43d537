package org.medsoc.findings;

/**
 * Where a finding stands in its lifecycle.
 *
 * <p>FIXED means closed. Whether the fix is verified is the finding's {@link RetestState}: a finding closed because
 * a later import of its host no longer has it is FIXED and {@link RetestState#VERIFIED_FIXED}; a finding an analyst
 * marks fixed is FIXED and {@link RetestState#RETEST_REQUESTED} ("fixed, unverified") until an import of its host
 * verifies it or finds it again (then it is REOPENED and {@link RetestState#STILL_PRESENT}).
 */
public enum FindingState {
    /** Found and not yet handled. */
    OPEN,
    /** A remediation plan exists (owner, action, due date). */
    IN_PROGRESS,
    /** Closed: no longer present, or declared fixed pending retest. */
    FIXED,
    /** Found again after it had been FIXED; the finding counts its reopenings. */
    REOPENED,
    /** The risk is accepted until an expiry, with a reason and an approver; expiry makes it OPEN again. */
    ACCEPTED,
    /** Not a real vulnerability; later imports that still report it keep it here. */
    FALSE_POSITIVE;

    /** Whether the finding still needs remediation and counts against its SLA (OPEN, IN_PROGRESS, REOPENED). */
    public boolean active() {
        return switch (this) {
            case OPEN, IN_PROGRESS, REOPENED -> true;
            case FIXED, ACCEPTED, FALSE_POSITIVE -> false;
        };
    }
}
