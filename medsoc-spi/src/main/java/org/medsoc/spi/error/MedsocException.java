package org.medsoc.spi.error;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** The one unchecked root of medsoc failures; carries an {@link ErrorCode} that the API turns into a status. */
public class MedsocException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public MedsocException(ErrorCodeSupplier errorCode, String message) {
        this(errorCode, message, null);
    }

    public MedsocException(ErrorCodeSupplier errorCode, String message, @Nullable Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null").toErrorCode();
    }

    /** The stable error code of this failure. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
