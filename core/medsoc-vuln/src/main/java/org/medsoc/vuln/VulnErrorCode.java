package org.medsoc.vuln;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of scanner-report import and vulnerability scoring (range 0x0B00_0000). */
public enum VulnErrorCode implements ErrorCodeSupplier {
    /** The report is not well-formed or misses a required element/field. */
    MALFORMED_REPORT(0x0B00_0000, ErrorType.USER),
    /** The report format could not be recognised, or is not the one requested. */
    UNSUPPORTED_REPORT_FORMAT(0x0B00_0001, ErrorType.USER),
    /** The report uses a construct refused for safety (DTD internal subset, external entity). */
    FORBIDDEN_XML_CONSTRUCT(0x0B00_0002, ErrorType.USER),
    /** The report exceeds a configured limit (text length, element depth, finding count, size). */
    REPORT_TOO_LARGE(0x0B00_0003, ErrorType.USER),
    /** A CVSS vector string is invalid. */
    INVALID_CVSS_VECTOR(0x0B00_0004, ErrorType.USER),
    /** The report file could not be read. */
    REPORT_NOT_READABLE(0x0B00_0005, ErrorType.USER),
    /** A remediation policy or re-import request is invalid. */
    INVALID_POLICY(0x0B00_0006, ErrorType.USER);

    private final ErrorCode errorCode;

    VulnErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
