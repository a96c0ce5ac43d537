package org.medsoc.playbook;

/** Where a playbook run is in its life. */
public enum RunState {
    /** Due to execute its next step. */
    RUNNING,
    /** Waiting until its wake-up time: a retry back-off, a rate limit, an approval or a wait step. */
    WAITING,
    /** Every step completed or was skipped. */
    SUCCEEDED,
    /** A step failed permanently or ran out of attempts. */
    FAILED,
    /** Cancelled by a person, or stopped by a rejected approval. */
    CANCELLED;

    /** Whether the run will not change any more. */
    public boolean isFinal() {
        return switch (this) {
            case RUNNING, WAITING -> false;
            case SUCCEEDED, FAILED, CANCELLED -> true;
        };
    }
}
