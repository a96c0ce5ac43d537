package org.medsoc.journal;

import java.time.Duration;
import java.util.List;

/**
 * A cursor over the durable records of a {@link Journal}, in sequence order, following the journal as it grows.
 *
 * <p>A reader is used by one thread at a time. It keeps reading a segment that a checkpoint deleted meanwhile.
 */
public interface JournalReader extends AutoCloseable {
    /**
     * Returns up to {@code max} next records in order, waiting up to {@code wait} for the first one to become
     * durable; returns an empty list on timeout.
     *
     * @throws org.medsoc.spi.error.MedsocException {@link JournalErrorCode#JOURNAL_CLOSED} when this reader is closed,
     *     or when the journal is closed and every durable record has been returned
     */
    List<JournalRecord> poll(int max, Duration wait);

    /** Releases the reader's file handles; idempotent. */
    @Override
    void close();
}
