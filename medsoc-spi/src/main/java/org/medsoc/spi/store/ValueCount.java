package org.medsoc.spi.store;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a top-N terms aggregation.
 *
 * @param value the field value
 * @param count matching events carrying it
 */
public record ValueCount(String value, long count) {
    public ValueCount {
        requireNonNull(value, "value is null");
    }
}
