package org.medsoc.spi.store;

/** The two kinds of partitions a store keeps. */
public enum Dataset {
    /** Parsed, normalised events. */
    EVENTS,
    /**
     * Lines that could not be parsed, kept verbatim with {@code error.message} (the reason) and
     * {@code event.kind: pipeline_error}. Searchable like events.
     */
    DEAD_LETTERS,
    /**
     * Detection results ({@code event.kind: signal}): one per rule match, carrying {@code rule.*}, the matched event's
     * id in {@code medsoc.alert.event_id} and its original. Kept with events so alerts are searchable, aggregatable
     * and aged out the same way; cases (issue 4) reference them by id.
     */
    ALERTS
}
