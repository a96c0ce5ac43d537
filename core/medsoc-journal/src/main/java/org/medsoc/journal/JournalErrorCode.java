package org.medsoc.journal;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of the ingest journal (range 0x0200_0000). */
public enum JournalErrorCode implements ErrorCodeSupplier {
    /** The unprocessed-bytes budget or the free-disk floor would be crossed by an append; nothing was written. */
    JOURNAL_FULL(0x0200_0000, ErrorType.INSUFFICIENT_RESOURCES),
    /** One message of a batch is larger than a journal record may be; nothing of the batch was written. */
    JOURNAL_RECORD_TOO_LARGE(0x0200_0001, ErrorType.USER),
    /** The journal (or the reader) was closed. */
    JOURNAL_CLOSED(0x0200_0002, ErrorType.INSUFFICIENT_RESOURCES),
    /** Reading, writing or syncing the journal files failed. */
    JOURNAL_IO_FAILURE(0x0200_0003, ErrorType.INTERNAL),
    /** Another journal (in this or another process) holds the directory. */
    JOURNAL_LOCKED(0x0200_0004, ErrorType.USER),
    /** A checkpoint was requested that moves backwards or beyond what is durable. */
    JOURNAL_INVALID_CHECKPOINT(0x0200_0005, ErrorType.INTERNAL),
    /** A thread waiting on the journal was interrupted. */
    JOURNAL_INTERRUPTED(0x0200_0006, ErrorType.INTERNAL);

    private final ErrorCode errorCode;

    JournalErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
