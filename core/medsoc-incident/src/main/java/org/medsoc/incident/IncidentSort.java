package org.medsoc.incident;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.medsoc.spi.error.MedsocException;

/** The fields incidents may be sorted by (the allow-list; ties are broken by id). */
public enum IncidentSort {
    /** Opening time. */
    CREATED("created_at"),
    /** Last change. */
    UPDATED("updated_at"),
    /** Severity rank. */
    SEVERITY("severity_rank"),
    /** Resolution deadline. */
    DUE("resolution_due");

    private final String column;

    IncidentSort(String column) {
        this.column = column;
    }

    /** The column this sort orders by (a constant, never user text). */
    String column() {
        return column;
    }

    /** The API name: {@code created}, {@code updated}, {@code severity}, {@code due}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The sort with this API name; {@link IncidentErrorCode#INVALID_FILTER} if it is not on the allow-list. */
    public static IncidentSort of(String name) {
        for (IncidentSort s : values()) {
            if (s.label().equals(name)) {
                return s;
            }
        }
        throw new MedsocException(IncidentErrorCode.INVALID_FILTER, "cannot sort incidents by '" + name
                + "'; sort by one of " + Arrays.stream(values()).map(IncidentSort::label)
                .collect(Collectors.joining(", ")) + " (prefix '-' for descending)");
    }
}
