package org.medsoc.ingest.pipeline;

import java.util.List;
import org.medsoc.spi.event.Event;

/**
 * Receives the alerts of each batch after they were written to the event store and before the batch counts as
 * processed (so before the journal checkpoint can pass it). A failure is retried with back-off, holding the batch;
 * after a crash the batch is replayed and its alerts are delivered again with the same ids, so implementations must
 * be idempotent by alert id.
 */
@FunctionalInterface
public interface AlertSink {
    /** Takes the alerts of one batch (never empty). */
    void accept(List<Event> alerts);
}
