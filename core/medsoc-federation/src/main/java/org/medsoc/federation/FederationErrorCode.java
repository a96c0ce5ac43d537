package org.medsoc.federation;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of hub ⇄ node federation (range 0x0F10_0000). */
public enum FederationErrorCode implements ErrorCodeSupplier {
    /** A request to the hub is unsigned, wrongly signed, stale, replayed, or from an unknown node (HTTP 401). */
    UNAUTHENTICATED(0x0F10_0000, ErrorType.USER),
    /** The node's credentials were revoked at the hub (HTTP 401). */
    NODE_REVOKED(0x0F10_0001, ErrorType.USER),
    /** An enrolment code is unknown, expired or already used. */
    ENROLMENT_CODE_INVALID(0x0F10_0002, ErrorType.USER),
    /** A report batch skips sequences the hub has not applied (HTTP 409); the node resends from the expected one. */
    SEQUENCE_GAP(0x0F10_0003, ErrorType.USER),
    /** A report or directive payload exceeds its bound (HTTP 413). */
    PAYLOAD_TOO_LARGE(0x0F10_0004, ErrorType.USER),
    /** A request or payload is malformed (HTTP 400). */
    INVALID_REQUEST(0x0F10_0005, ErrorType.USER),
    /** A node, directive, delivery or trace does not exist (for the caller) (HTTP 404). */
    NOT_FOUND(0x0F10_0006, ErrorType.USER),
    /** A warning cannot move to the requested state from its current one (HTTP 409). */
    INVALID_TRANSITION(0x0F10_0007, ErrorType.USER),
    /** The hub master key is missing or malformed, or a sealed secret does not open with it. */
    MASTER_KEY_INVALID(0x0F10_0008, ErrorType.USER),
    /** The node is not enrolled at a hub yet. */
    NOT_ENROLLED(0x0F10_0009, ErrorType.USER),
    /** The hub cannot be reached or answered with a transient failure; retried with backoff. */
    HUB_UNAVAILABLE(0x0F10_000A, ErrorType.EXTERNAL),
    /** The hub answered with something the node does not understand. */
    HUB_PROTOCOL_ERROR(0x0F10_000B, ErrorType.EXTERNAL),
    /** The hub lost reports the node no longer holds; an operator must re-enrol the node. */
    REPORTS_LOST(0x0F10_000C, ErrorType.INTERNAL),
    /** A cryptographic primitive failed unexpectedly. */
    CRYPTO_FAILURE(0x0F10_000D, ErrorType.INTERNAL),
    /** A federation route was called with the wrong HTTP method (HTTP 405). */
    METHOD_NOT_ALLOWED(0x0F10_000E, ErrorType.USER),
    /** A node's directive handler failed; the directive is handed over again on the next fetch. */
    DIRECTIVE_FAILED(0x0F10_000F, ErrorType.INTERNAL);

    private final ErrorCode errorCode;

    FederationErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
