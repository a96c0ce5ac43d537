package org.medsoc.playbook;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of playbooks (range 0x0F00_0000). */
public enum PlaybookErrorCode implements ErrorCodeSupplier {
    /** A playbook definition is invalid; the exception lists every problem. */
    INVALID_PLAYBOOK(0x0F00_0000, ErrorType.USER),
    /** A playbook version already exists with other content, or is older than the stored one. */
    VERSION_CONFLICT(0x0F00_0001, ErrorType.USER),
    /** No such playbook or run for the tenant. */
    NOT_FOUND(0x0F00_0002, ErrorType.USER),
    /** A template refers to a value the run does not have. */
    TEMPLATE_VARIABLE_MISSING(0x0F00_0003, ErrorType.USER),
    /** An approval decision does not fit the run's state. */
    INVALID_DECISION(0x0F00_0004, ErrorType.USER),
    /** A step needs a port (firewall, EDR, …) the executor was built without. */
    PORT_NOT_CONFIGURED(0x0F00_0005, ErrorType.USER),
    /** The run store failed. */
    STORE_FAILED(0x0F00_0006, ErrorType.INTERNAL);

    private final ErrorCode errorCode;

    PlaybookErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
