package org.medsoc.store;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of store lifecycle and retention (range 0x0500_0000). */
public enum StoreErrorCode implements ErrorCodeSupplier {
    /** A retention setting is out of range. */
    INVALID_RETENTION_POLICY(0x0500_0000, ErrorType.USER);

    private final ErrorCode errorCode;

    StoreErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
