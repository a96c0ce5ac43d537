package org.medsoc.api;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors raised by the REST layer itself (range 0x0600_0000). */
public enum ApiErrorCode implements ErrorCodeSupplier {
    INVALID_PARAMETER(0x0600_0000, ErrorType.USER),
    MISSING_PARAMETER(0x0600_0001, ErrorType.USER),
    INVALID_BODY(0x0600_0002, ErrorType.USER),
    BODY_TOO_LARGE(0x0600_0003, ErrorType.USER),
    UNAUTHENTICATED(0x0600_0004, ErrorType.USER),
    NOT_FOUND(0x0600_0005, ErrorType.USER),
    METHOD_NOT_ALLOWED(0x0600_0006, ErrorType.USER);

    private final ErrorCode errorCode;

    ApiErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
