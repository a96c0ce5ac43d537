package org.medsoc.audit;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of the audit log (range 0x0A10_0000). */
public enum AuditErrorCode implements ErrorCodeSupplier {
    /** An entry is malformed: empty or over-long action, details that are not a small JSON value. HTTP 400. */
    INVALID_ENTRY(0x0A10_0000, ErrorType.USER),
    /** A query is malformed: negative offset, limit out of range, empty time range. HTTP 400. */
    INVALID_AUDIT_QUERY(0x0A10_0001, ErrorType.USER),
    /** Writing to the audit log failed; the audited action should not proceed. */
    AUDIT_WRITE_FAILED(0x0A10_0002, ErrorType.INTERNAL);

    private final ErrorCode errorCode;

    AuditErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
