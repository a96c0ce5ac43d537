package org.medsoc.oncall;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of the on-call module (range 0x0F20_0000). Delivery failures are recorded on the page, not thrown. */
public enum OnCallErrorCode implements ErrorCodeSupplier {
    /** A tenant's on-call setup (contacts, roster, policies) is invalid; the message lists every problem. */
    INVALID_SETUP(0x0F20_0000, ErrorType.USER),
    /** A page was requested for a tenant that has no registered on-call setup. */
    TENANT_NOT_CONFIGURED(0x0F20_0001, ErrorType.USER),
    /** No page with this id exists for the tenant. */
    PAGE_NOT_FOUND(0x0F20_0002, ErrorType.USER),
    /** The page's state does not allow the requested transition. */
    INVALID_TRANSITION(0x0F20_0003, ErrorType.USER),
    /** A page input is invalid. */
    INVALID_PAGE(0x0F20_0004, ErrorType.USER);

    private final ErrorCode errorCode;

    OnCallErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
