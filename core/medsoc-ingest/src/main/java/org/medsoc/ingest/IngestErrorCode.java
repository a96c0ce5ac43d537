package org.medsoc.ingest;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of receivers and the ingest pipeline (range 0x0400_0000). */
public enum IngestErrorCode implements ErrorCodeSupplier {
    /** A receiver setting is out of range or malformed. */
    INVALID_RECEIVER_CONFIGURATION(0x0400_0000, ErrorType.USER),
    /** A tenant mapping names an invalid CIDR block. */
    INVALID_TENANT_MAPPING(0x0400_0001, ErrorType.USER),
    /** A receiver could not bind its address and port (in use, privileged, or not local). */
    RECEIVER_BIND_FAILED(0x0400_0002, ErrorType.USER),
    /** A receiver was started twice or after it was closed. */
    RECEIVER_STATE(0x0400_0003, ErrorType.INTERNAL),
    /** The TLS key store is missing, unreadable, has a wrong password or holds no private key. */
    TLS_KEYSTORE_NOT_READABLE(0x0400_0004, ErrorType.USER),
    /** The JDK could not build a TLS context from a readable key store. */
    TLS_SETUP_FAILED(0x0400_0005, ErrorType.INTERNAL),
    /** The file-tail offset state could not be read or written. */
    TAIL_STATE_FAILED(0x0400_0006, ErrorType.INTERNAL),
    /** The working hours, holidays or maintenance window are not in the documented form. */
    INVALID_WORKING_HOURS(0x0400_0007, ErrorType.USER);

    private final ErrorCode errorCode;

    IngestErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
