package org.medsoc.ingest.pipeline;

import org.medsoc.spi.event.Event;

/**
 * Adds context to a parsed event before detection and storage (working hours, asset, business system, …). Runs on
 * the pipeline's worker threads for every event: implementations are thread-safe, allocation-aware and never
 * throw for a single odd event.
 */
@FunctionalInterface
public interface EventEnricher {
    /** Adds fields to the event in place. */
    void enrich(Event event);
}
