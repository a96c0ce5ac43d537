package org.medsoc.notify;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of the notification module (range 0x0C00_0000). Delivery failures are results, not exceptions. */
public enum NotifyErrorCode implements ErrorCodeSupplier {
    /** A channel's configuration is missing a key or has an invalid value. */
    INVALID_CHANNEL_CONFIGURATION(0x0C00_0000, ErrorType.USER),
    /** {@code send} named a channel that is not configured. */
    UNKNOWN_CHANNEL(0x0C00_0001, ErrorType.USER),
    /** A built-in template resource is missing from the class path. */
    TEMPLATE_NOT_FOUND(0x0C00_0002, ErrorType.INTERNAL),
    /** A configured trust store could not be read. */
    TRUST_STORE_NOT_READABLE(0x0C00_0003, ErrorType.USER);

    private final ErrorCode errorCode;

    NotifyErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
