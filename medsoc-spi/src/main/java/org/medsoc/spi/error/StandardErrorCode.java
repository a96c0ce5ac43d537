package org.medsoc.spi.error;

/** Error codes shared by all modules (range 0x0000_0000). Module codes live in their own ranges. */
public enum StandardErrorCode implements ErrorCodeSupplier {
    GENERIC_USER_ERROR(0, ErrorType.USER),
    INVALID_ARGUMENT(1, ErrorType.USER),
    NOT_FOUND(2, ErrorType.USER),
    UNAUTHENTICATED(3, ErrorType.USER),
    PERMISSION_DENIED(4, ErrorType.USER),
    PAYLOAD_TOO_LARGE(5, ErrorType.USER),
    INVALID_QUERY(6, ErrorType.USER),
    GENERIC_INTERNAL_ERROR(0x0001_0000, ErrorType.INTERNAL),
    IO_FAILURE(0x0001_0001, ErrorType.INTERNAL),
    SHUTTING_DOWN(0x0001_0002, ErrorType.INSUFFICIENT_RESOURCES),
    STORAGE_FULL(0x0002_0000, ErrorType.INSUFFICIENT_RESOURCES),
    EXTERNAL_FAILURE(0x0003_0000, ErrorType.EXTERNAL);

    private final ErrorCode errorCode;

    StandardErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
