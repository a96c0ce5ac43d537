package org.medsoc.spi.error;

import static java.util.Objects.requireNonNull;

/**
 * A stable, numbered error identity: {@code code} is unique across medsoc (each module owns a range),
 * {@code name} is the stable machine-readable name, {@code type} decides the HTTP status class.
 */
public record ErrorCode(int code, String name, ErrorType type) {
    public ErrorCode {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (code < 0) {
            throw new IllegalArgumentException("code is negative");
        }
    }
}
