package org.medsoc.ingest.pipeline;

/**
 * Counters of the pipeline since start.
 *
 * @param records journal records taken
 * @param parsed records that became events
 * @param deadLettered records that became dead letters
 * @param stored events and dead letters written to the store
 * @param restamped events whose timestamp was replaced by the receive time (clock skew)
 * @param commits store commits (each followed by a journal checkpoint)
 * @param failures batches that failed to store and were retried
 * @param processedSequence highest journal sequence fully written to the store
 * @param checkpoint journal sequence durable in the store (committed)
 * @param lag journal records appended but not yet written to the store
 * @param parseNanos time spent parsing
 * @param storeNanos time spent writing to the store
 */
public record PipelineStats(
        long records,
        long parsed,
        long deadLettered,
        long stored,
        long restamped,
        long commits,
        long failures,
        long processedSequence,
        long checkpoint,
        long lag,
        long parseNanos,
        long storeNanos) {}
