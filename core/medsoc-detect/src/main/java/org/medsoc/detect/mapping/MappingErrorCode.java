package org.medsoc.detect.mapping;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of Sigma log-source and field mappings (range 0x0701_0000). */
public enum MappingErrorCode implements ErrorCodeSupplier {
    /** One or more mapping files are malformed; the exception lists every problem. */
    INVALID_MAPPING(0x0701_0000, ErrorType.USER),
    /** A mapping file or resource could not be read. */
    MAPPING_NOT_READABLE(0x0701_0001, ErrorType.USER);

    private final ErrorCode errorCode;

    MappingErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
