package org.medsoc.parse;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.event.Event;

/** The result of parsing one raw message: a normalised event, or a dead letter carrying the reason. */
public sealed interface ParseOutcome permits ParseOutcome.Parsed, ParseOutcome.DeadLettered {
    /** The event to store: the normalised event, or the dead-letter event ({@code event.kind: pipeline_error}). */
    Event event();

    /** The message was understood. */
    record Parsed(Event event) implements ParseOutcome {
        public Parsed {
            requireNonNull(event, "event is null");
        }
    }

    /**
     * The message could not be parsed. {@code event} keeps the original verbatim with {@code event.kind:
     * pipeline_error}, {@code error.message} = {@code reason}, and the tenant, receiver and peer of the message.
     */
    record DeadLettered(Event event, String reason) implements ParseOutcome {
        public DeadLettered {
            requireNonNull(event, "event is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
