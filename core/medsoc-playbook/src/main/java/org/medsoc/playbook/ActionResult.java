package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one request to a port (firewall, EDR, ticketing, incidents, enrichment). Only a {@link
 * TransientFailure} is retried; a {@link PermanentFailure} fails the run. A port that throws instead of answering
 * counts as a transient failure, unless it throws a {@link org.medsoc.spi.error.MedsocException} (permanent).
 */
public sealed interface ActionResult permits ActionResult.Done, ActionResult.TransientFailure, ActionResult.PermanentFailure {

    /** The effect happened; {@code output} (JSON-compatible values) is available to later steps as {@code steps.<id>.output}. */
    record Done(Map<String, Object> output) implements ActionResult {
        /** Copies the output. */
        public Done {
            output = Map.copyOf(requireNonNull(output, "output is null"));
        }
    }

    /** Failed for a reason expected to pass (unreachable, timeout, busy); {@code retryAfter} is the target's hint. */
    record TransientFailure(String reason, Optional<Duration> retryAfter) implements ActionResult {
        /** Checks the parts. */
        public TransientFailure {
            requireNonNull(reason, "reason is null");
            requireNonNull(retryAfter, "retryAfter is null");
        }
    }

    /** Failed for a reason a retry does not fix (rejected, unknown host, bad credentials). */
    record PermanentFailure(String reason) implements ActionResult {
        /** Checks the parts. */
        public PermanentFailure {
            requireNonNull(reason, "reason is null");
        }
    }

    /** Done with an output. */
    static ActionResult done(Map<String, Object> output) {
        return new Done(output);
    }

    /** A transient failure without a hint. */
    static ActionResult transientFailure(String reason) {
        return new TransientFailure(reason, Optional.empty());
    }

    /** A permanent failure. */
    static ActionResult permanentFailure(String reason) {
        return new PermanentFailure(reason);
    }
}
