package org.medsoc.journal;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.event.RawMessage;

/**
 * One durable journal entry: a raw message with the sequence number the journal assigned to it.
 *
 * @param sequence 1-based, contiguous and monotonic across restarts (gaps only where corrupt records were skipped)
 * @param message the message as appended
 */
public record JournalRecord(long sequence, RawMessage message) {
    public JournalRecord {
        requireNonNull(message, "message is null");
    }
}
