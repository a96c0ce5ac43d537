package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Field;

/**
 * A hit of {@link IndicatorIndex#match}: which field of the event, with which value, matched which indicator.
 *
 * <p>The indicator is materialised from the index's columns on first call of {@link #indicator()}; the cheap
 * accessors ({@link #type()}, {@link #confidence()}, {@link #tlp()}, {@link #expiresAt()}) read the columns
 * directly, so a consumer that only filters or counts hits never builds an {@link Indicator}.
 */
public final class IndicatorMatch {
    private final Field field;
    private final String observed;
    private final IndicatorIndex index;
    private final int ordinal;
    private @Nullable Indicator indicator;

    IndicatorMatch(Field field, String observed, IndicatorIndex index, int ordinal) {
        this.field = requireNonNull(field, "field is null");
        this.observed = requireNonNull(observed, "observed is null");
        this.index = requireNonNull(index, "index is null");
        this.ordinal = ordinal;
    }

    /** The event field whose value matched. */
    public Field field() {
        return field;
    }

    /** The field value as it appeared in the event. */
    public String observed() {
        return observed;
    }

    /** The indicator that matched. */
    public Indicator indicator() {
        Indicator i = indicator;
        if (i == null) {
            i = index.indicator(ordinal);
            indicator = i;
        }
        return i;
    }

    /** The type of the indicator that matched, without materialising it. */
    public IndicatorType type() {
        return index.type(ordinal);
    }

    /** The confidence of the indicator that matched, without materialising it. */
    public int confidence() {
        return index.confidence(ordinal);
    }

    /** The TLP of the indicator that matched, without materialising it. */
    public Tlp tlp() {
        return index.tlp(ordinal);
    }

    /** Epoch seconds at which the indicator expires, 0 when it does not. */
    public long expiresAt() {
        return index.expiresAt(ordinal);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof IndicatorMatch m && field == m.field && observed.equals(m.observed)
                && indicator().equals(m.indicator());
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, observed, indicator());
    }

    @Override
    public String toString() {
        return "IndicatorMatch[field=" + field + ", observed=" + observed + ", indicator=" + indicator() + "]";
    }
}
