package org.medsoc.ingest;

import java.util.List;
import org.medsoc.spi.event.RawMessage;

/**
 * Where receivers hand raw messages: in the node, the journal. Implementations are thread-safe.
 *
 * <p>{@link #accept} may block (that is how back-pressure reaches a TCP reader: it stops reading while the sink is
 * slow). When the sink cannot take the batch at all, for example because the journal's disk budget is exhausted, it
 * throws a {@link org.medsoc.spi.error.MedsocException} of type {@code INSUFFICIENT_RESOURCES}; the receiver then
 * applies back-pressure and retries (TCP, file tail) or counts a drop (UDP).
 */
@FunctionalInterface
public interface MessageSink {
    /** Takes ownership of a batch of messages; returns once they are appended (not necessarily fsynced). */
    void accept(List<RawMessage> batch);
}
