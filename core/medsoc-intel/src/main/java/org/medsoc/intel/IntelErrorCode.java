package org.medsoc.intel;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of threat intelligence handling (range 0x0D00_0000). */
public enum IntelErrorCode implements ErrorCodeSupplier {
    /** An indicator value is not valid for its type (bad address, hash of wrong length, malformed domain). */
    INVALID_INDICATOR(0x0D00_0000, ErrorType.USER),
    /** A STIX document is not a readable bundle (not JSON, not an object, no {@code objects} array). */
    INVALID_STIX_BUNDLE(0x0D00_0001, ErrorType.USER),
    /** A MISP feed (manifest or event file) is malformed. */
    INVALID_MISP_FEED(0x0D00_0002, ErrorType.USER),
    /** A feed could not be read from disk or over HTTP. */
    FEED_UNAVAILABLE(0x0D00_0003, ErrorType.EXTERNAL),
    /** The indicator index would exceed its fixed capacity. */
    INDEX_FULL(0x0D00_0004, ErrorType.INSUFFICIENT_RESOURCES),
    /** A sighting is malformed (count below 1, first seen after last seen, unknown kind). */
    INVALID_SIGHTING(0x0D00_0005, ErrorType.USER),
    /** A TAXII request or answer does not follow TAXII 2.1. */
    INVALID_TAXII(0x0D00_0006, ErrorType.USER),
    /** A TAXII object, collection or status the caller asked for does not exist (or is not the caller's). */
    TAXII_NOT_FOUND(0x0D00_0007, ErrorType.USER);

    private final ErrorCode errorCode;

    IntelErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
