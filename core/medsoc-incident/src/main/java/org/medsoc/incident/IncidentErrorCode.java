package org.medsoc.incident;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/**
 * Errors of the incident module (range 0x0A00_0000). The intended HTTP status is given per constant; optimistic
 * locking conflicts use {@code DatabaseErrorCode.CONCURRENT_MODIFICATION} (HTTP 409).
 */
public enum IncidentErrorCode implements ErrorCodeSupplier {
    /** No incident with that id in the tenant (HTTP 404). */
    INCIDENT_NOT_FOUND(0x0A00_0000, ErrorType.USER),
    /** The transition is not allowed from the incident's current state (HTTP 409). */
    INVALID_TRANSITION(0x0A00_0001, ErrorType.USER),
    /** A field value is missing, too long or malformed (HTTP 400). */
    INVALID_INCIDENT_INPUT(0x0A00_0002, ErrorType.USER),
    /** A comment is longer than {@link IncidentService#MAX_COMMENT_LENGTH} characters (HTTP 413). */
    COMMENT_TOO_LONG(0x0A00_0003, ErrorType.USER),
    /** A list filter, sort field or paging value is not on the allow-list or malformed (HTTP 400). */
    INVALID_FILTER(0x0A00_0004, ErrorType.USER),
    /** A suppression entry is malformed: bad CIDR, missing reason, expiry absent, past or too far (HTTP 400). */
    INVALID_SUPPRESSION(0x0A00_0005, ErrorType.USER),
    /** No suppression entry with that id in the tenant (HTTP 404). */
    SUPPRESSION_NOT_FOUND(0x0A00_0006, ErrorType.USER),
    /** An SLA or grouping policy is malformed (HTTP 400). */
    INVALID_POLICY(0x0A00_0007, ErrorType.USER),
    /** An alert handed to the intake is malformed (a pipeline defect; HTTP 500 if it ever reaches the API). */
    INVALID_ALERT(0x0A00_0008, ErrorType.INTERNAL);

    private final ErrorCode errorCode;

    IncidentErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
