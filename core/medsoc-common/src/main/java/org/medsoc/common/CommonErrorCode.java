package org.medsoc.common;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of configuration and shared infrastructure (range 0x0100_0000). */
public enum CommonErrorCode implements ErrorCodeSupplier {
    INVALID_CONFIGURATION(0x0100_0000, ErrorType.USER),
    CONFIGURATION_NOT_READABLE(0x0100_0001, ErrorType.USER);

    private final ErrorCode errorCode;

    CommonErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
