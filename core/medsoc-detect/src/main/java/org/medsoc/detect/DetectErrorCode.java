package org.medsoc.detect;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of Sigma rule parsing, validation, compilation and event reading (range 0x0700_0000). */
public enum DetectErrorCode implements ErrorCodeSupplier {
    /** The rule text is not a valid Sigma rule; the exception lists every problem found. */
    INVALID_RULE(0x0700_0000, ErrorType.USER),
    /** The rule is valid Sigma but uses a feature this engine does not support (yet). */
    UNSUPPORTED_RULE(0x0700_0001, ErrorType.USER),
    /** A rule file or directory could not be read. */
    RULE_NOT_READABLE(0x0700_0002, ErrorType.USER),
    /** An event given as JSON could not be parsed. */
    INVALID_EVENT_JSON(0x0700_0003, ErrorType.USER),
    /** No rule or rule pack has the given key or name. */
    RULE_NOT_FOUND(0x0700_0010, ErrorType.USER),
    /** An uploaded rule pack holds invalid rules or is not a readable pack; nothing was installed. */
    RULE_PACK_INVALID(0x0700_0011, ErrorType.USER),
    /** The rule library's state (enabled flags, packs) could not be written to the data directory. */
    RULE_STATE_NOT_WRITABLE(0x0700_0012, ErrorType.INTERNAL);

    private final ErrorCode errorCode;

    DetectErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
