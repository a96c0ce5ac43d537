package org.medsoc.database;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of the relational store (range 0x0800_0000). */
public enum DatabaseErrorCode implements ErrorCodeSupplier {
    /** The database could not be reached or opened. */
    DATABASE_UNAVAILABLE(0x0800_0000, ErrorType.EXTERNAL),
    /** A schema migration failed; the database is left at the last applied version. */
    MIGRATION_FAILED(0x0800_0001, ErrorType.INTERNAL),
    /** A statement failed for a reason other than the ones below. */
    STATEMENT_FAILED(0x0800_0002, ErrorType.INTERNAL),
    /** A row was changed by someone else since it was read (optimistic locking). */
    CONCURRENT_MODIFICATION(0x0800_0003, ErrorType.USER),
    /** A unique key already exists. */
    DUPLICATE_KEY(0x0800_0004, ErrorType.USER);

    private final ErrorCode errorCode;

    DatabaseErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
