package org.medsoc.identity;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/**
 * Errors of the identity module (range 0x0900_0000). The names {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}
 * and {@code NOT_FOUND} are shared with {@code StandardErrorCode} on purpose: the API maps those names to 401, 403
 * and 404. Taken usernames, tenant ids and token names fail with {@code DatabaseErrorCode.DUPLICATE_KEY}.
 */
public enum IdentityErrorCode implements ErrorCodeSupplier {
    /** Login failed: unknown user, wrong password, locked or disabled account (one uniform answer). HTTP 401. */
    UNAUTHENTICATED(0x0900_0000, ErrorType.USER),
    /** The principal lacks a permission on a tenant, or the tenant does not exist (indistinguishable). HTTP 403. */
    PERMISSION_DENIED(0x0900_0001, ErrorType.USER),
    /** A user, tenant or API token visible to the caller does not exist. HTTP 404. */
    NOT_FOUND(0x0900_0002, ErrorType.USER),
    /** A password breaks the password policy. HTTP 400. */
    WEAK_PASSWORD(0x0900_0003, ErrorType.USER),
    /** A username, display name, tenant name or token name is malformed. HTTP 400. */
    INVALID_IDENTITY_VALUE(0x0900_0004, ErrorType.USER),
    /** The operation does not fit the current state (e.g. offboarding a tenant that still has members). HTTP 409. */
    INVALID_STATE(0x0900_0005, ErrorType.USER),
    /** A stored password hash cannot be read (corrupt row). */
    CORRUPT_PASSWORD_HASH(0x0900_0006, ErrorType.INTERNAL);

    private final ErrorCode errorCode;

    IdentityErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
