package org.medsoc.parse;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of parser configuration (range 0x0300_0000). Malformed messages are dead letters, not errors. */
public enum ParseErrorCode implements ErrorCodeSupplier {
    /** A source profile in the configuration is invalid (format, zone, peer, name...). */
    INVALID_SOURCE_PROFILE(0x0300_0000, ErrorType.USER),
    /** The parser was created with invalid arguments (for example a non-positive message size limit). */
    INVALID_PARSER_CONFIGURATION(0x0300_0001, ErrorType.USER);

    private final ErrorCode errorCode;

    ParseErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
