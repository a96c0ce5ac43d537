package org.medsoc.store.lucene;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/**
 * Errors of the embedded Lucene event store (range 0x0510_0000). Query syntax errors use
 * {@link org.medsoc.spi.error.StandardErrorCode#INVALID_QUERY} so that every store reports them alike.
 */
public enum LuceneStoreErrorCode implements ErrorCodeSupplier {
    /** A written event carries no id. */
    MISSING_EVENT_ID(0x0510_0000, ErrorType.USER),
    /** {@code offset + limit} of a search exceeds {@link LuceneEventStore#MAX_RESULT_WINDOW}. */
    RESULT_WINDOW_TOO_LARGE(0x0510_0001, ErrorType.USER),
    /** A histogram would have more than {@link LuceneEventStore#MAX_BUCKETS} buckets, or its interval is not positive. */
    INVALID_HISTOGRAM(0x0510_0002, ErrorType.USER),
    /** A field cannot be aggregated (top values) or the aggregation size is out of range. */
    FIELD_NOT_AGGREGATABLE(0x0510_0003, ErrorType.USER),
    /** A field cannot be sorted on. */
    FIELD_NOT_SORTABLE(0x0510_0004, ErrorType.USER),
    /** The store directory is locked by another process. */
    STORE_LOCKED(0x0510_0005, ErrorType.USER),
    /** Reading or writing index files failed. */
    STORE_IO_FAILURE(0x0510_0006, ErrorType.INTERNAL),
    /** Index files are corrupt. */
    STORE_CORRUPT(0x0510_0007, ErrorType.INTERNAL),
    /** A field was indexed with a different type before (for example by an older schema). */
    FIELD_TYPE_CONFLICT(0x0510_0008, ErrorType.INTERNAL);

    private final ErrorCode errorCode;

    LuceneStoreErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
