package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One step of a playbook.
 *
 * @param id unique within the playbook; later steps refer to its output as {@code steps.<id>.output}
 * @param action what it does
 * @param timeout the longest one attempt may take; a timed-out attempt is a transient failure
 * @param retries how transient failures are retried
 * @param when conditions that must all hold for the step to run; otherwise it is skipped
 */
public record Step(String id, StepAction action, Duration timeout, RetryPolicy retries, List<Condition> when) {
    /** Checks the parts. */
    public Step {
        requireNonNull(id, "id is null");
        requireNonNull(action, "action is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(retries, "retries is null");
        when = List.copyOf(requireNonNull(when, "when is null"));
    }
}
