package org.medsoc.findings;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/**
 * Errors of the findings ledger and advisories (range 0x0E10_0000). Optimistic locking conflicts use {@code
 * DatabaseErrorCode.CONCURRENT_MODIFICATION} (HTTP 409).
 */
public enum FindingsErrorCode implements ErrorCodeSupplier {
    /** No finding with that id in the tenant (HTTP 404). */
    FINDING_NOT_FOUND(0x0E10_0000, ErrorType.USER),
    /** The change is not allowed from the finding's current state (HTTP 409). */
    INVALID_TRANSITION(0x0E10_0001, ErrorType.USER),
    /** A value handed to the ledger is missing, too long or malformed (HTTP 400). */
    INVALID_FINDING_INPUT(0x0E10_0002, ErrorType.USER),
    /** A list filter, sort field or paging value is not on the allow-list or malformed (HTTP 400). */
    INVALID_FILTER(0x0E10_0003, ErrorType.USER),
    /** A KEV catalog, EPSS file or NVD feed is malformed (HTTP 400). */
    MALFORMED_FEED(0x0E10_0004, ErrorType.USER),
    /** A CPE 2.3 formatted string is malformed (HTTP 400). */
    INVALID_CPE(0x0E10_0005, ErrorType.USER),
    /** An advisory is malformed (HTTP 400). */
    INVALID_ADVISORY(0x0E10_0006, ErrorType.USER),
    /** No advisory notice with that id in the tenant (HTTP 404). */
    NOTICE_NOT_FOUND(0x0E10_0007, ErrorType.USER),
    /** Writing an export failed (HTTP 500). */
    EXPORT_FAILED(0x0E10_0008, ErrorType.EXTERNAL);

    private final ErrorCode errorCode;

    FindingsErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
