package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a run's timeline: an attempt of a step.
 *
 * @param seq the position in the timeline, from 1
 * @param stepId the step
 * @param attempt the attempt number of that step, from 1 (deferrals and skips are numbered too)
 * @param state what happened
 * @param started when the attempt began
 * @param finished when its outcome was recorded, if it has one
 * @param wakeAt the deadline of a waiting attempt or the retry time of a deferred or retryable one
 * @param outputJson the step's output as JSON (bounded), when confirmed
 * @param error why it failed, was deferred or was abandoned
 */
public record StepAttempt(
        int seq,
        String stepId,
        int attempt,
        AttemptState state,
        Instant started,
        Optional<Instant> finished,
        Optional<Instant> wakeAt,
        Optional<String> outputJson,
        Optional<String> error) {
    /** Checks the parts. */
    public StepAttempt {
        requireNonNull(stepId, "stepId is null");
        requireNonNull(state, "state is null");
        requireNonNull(started, "started is null");
        requireNonNull(finished, "finished is null");
        requireNonNull(wakeAt, "wakeAt is null");
        requireNonNull(outputJson, "outputJson is null");
        requireNonNull(error, "error is null");
    }
}
