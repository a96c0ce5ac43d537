package org.medsoc.playbook;

/** The state of one attempt of one step, as recorded in the run's timeline. */
public enum AttemptState {
    /** Recorded before the step's effect was requested; the outcome is not known yet. */
    STARTED,
    /** The effect happened and was recorded; the step is never executed again. */
    CONFIRMED,
    /** Failed for a reason expected to pass; retried after a back-off while attempts remain. */
    RETRYABLE,
    /** Failed for a reason a retry does not fix; the run failed. */
    FAILED,
    /** The worker was lost between {@link #STARTED} and the outcome; the step is retried with the same idempotency key. */
    ABANDONED,
    /** Waiting for a human decision or for time to pass, until a deadline. */
    WAITING,
    /** Deferred by a rate limit; does not count as an attempt. */
    DEFERRED,
    /** The step's {@code when} conditions did not hold. */
    SKIPPED;

    /** Whether this entry counts against the step's maximum number of attempts. */
    public boolean countsAsAttempt() {
        return switch (this) {
            case STARTED, CONFIRMED, RETRYABLE, FAILED, ABANDONED -> true;
            case WAITING, DEFERRED, SKIPPED -> false;
        };
    }
}
