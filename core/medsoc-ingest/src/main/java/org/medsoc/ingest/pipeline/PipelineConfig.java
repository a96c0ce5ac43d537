package org.medsoc.ingest.pipeline;

import java.time.Duration;
import org.medsoc.common.Settings;

/**
 * Tuning of the ingest pipeline.
 *
 * @param batchSize journal records taken per batch
 * @param workers threads that parse and write batches in parallel
 * @param commitInterval longest time between store commits (and journal checkpoints)
 * @param commitEvents commit at the latest after this many events
 * @param maxPastSkew events stamped further in the past than this (relative to receipt) are re-stamped with their
 *     receive time, so that a device with a broken clock cannot create partitions years away
 * @param maxFutureSkew the same for the future
 */
public record PipelineConfig(
        int batchSize,
        int workers,
        Duration commitInterval,
        long commitEvents,
        Duration maxPastSkew,
        Duration maxFutureSkew) {
    public PipelineConfig {
        if (batchSize < 1 || workers < 1 || commitEvents < 1) {
            throw new IllegalArgumentException("batchSize, workers and commitEvents must be positive");
        }
    }

    /** Defaults: batches of 2,048, one worker per core, commit every 5 s or 200,000 events, skew 365 d / 1 d. */
    public static PipelineConfig defaults() {
        return new PipelineConfig(
                2048,
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(5),
                200_000,
                Duration.ofDays(365),
                Duration.ofDays(1));
    }

    /** Keys {@code ingest.pipeline.batch-size, .workers, .commit-interval, .commit-events, .max-past-skew, .max-future-skew}. */
    public static PipelineConfig fromSettings(Settings s) {
        PipelineConfig d = defaults();
        return new PipelineConfig(
                s.integer("ingest.pipeline.batch-size", d.batchSize()),
                s.integer("ingest.pipeline.workers", d.workers()),
                s.duration("ingest.pipeline.commit-interval", d.commitInterval()),
                s.longValue("ingest.pipeline.commit-events", d.commitEvents()),
                s.duration("ingest.pipeline.max-past-skew", d.maxPastSkew()),
                s.duration("ingest.pipeline.max-future-skew", d.maxFutureSkew()));
    }
}
