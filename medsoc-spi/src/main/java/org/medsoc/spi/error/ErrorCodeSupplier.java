package org.medsoc.spi.error;

/** Implemented by each module's {@code XxxErrorCode} enum. */
public interface ErrorCodeSupplier {
    /** The error code this constant stands for. */
    ErrorCode toErrorCode();
}
