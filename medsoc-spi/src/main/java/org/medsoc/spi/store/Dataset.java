package org.medsoc.spi.store;

/** The two kinds of partitions a store keeps. */
public enum Dataset {
    /** Parsed, normalised events. */
    EVENTS,
    /**
     * Lines that could not be parsed, kept verbatim with {@code error.message} (the reason) and
     * {@code event.kind: pipeline_error}. Searchable like events.
     */
    DEAD_LETTERS
}
