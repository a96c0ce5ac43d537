package org.medsoc.asset;

import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.ErrorType;

/** Errors of the asset inventory (range 0x0E00_0000). */
public enum AssetErrorCode implements ErrorCodeSupplier {
    /** An attribute of an asset is invalid (criticality out of range, malformed address, blank name, …). */
    INVALID_ASSET(0x0E00_0000, ErrorType.USER),
    /** No asset with this id exists for the tenant. */
    ASSET_NOT_FOUND(0x0E00_0001, ErrorType.USER),
    /** A list filter, sort or page is invalid. */
    INVALID_FILTER(0x0E00_0002, ErrorType.USER),
    /** A ledger file cannot be read as CSV at all (no header, unreadable bytes). */
    INVALID_LEDGER(0x0E00_0003, ErrorType.USER),
    /** The transition is not allowed from the asset's status (for example retiring a retired asset). */
    INVALID_TRANSITION(0x0E00_0004, ErrorType.USER),
    /** Reading a ledger or writing an export failed for an I/O reason. */
    LEDGER_IO_FAILED(0x0E00_0005, ErrorType.EXTERNAL);

    private final ErrorCode errorCode;

    AssetErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
