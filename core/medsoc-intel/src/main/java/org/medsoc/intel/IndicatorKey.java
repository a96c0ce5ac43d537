package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

/**
 * The identity of an indicator: its type and normalised value. The compact constructor normalises, so two keys
 * written differently ({@code Evil.COM.} and {@code evil.com}) are equal.
 */
public record IndicatorKey(IndicatorType type, String value) {
    public IndicatorKey {
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        value = type.normalise(value);
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
