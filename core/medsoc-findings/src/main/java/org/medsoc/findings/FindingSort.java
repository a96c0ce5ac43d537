package org.medsoc.findings;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.medsoc.spi.error.MedsocException;

/** The fields findings may be sorted by (the allow-list; ties are broken by id). */
public enum FindingSort {
    /** Severity, most severe first when ascending. */
    SEVERITY("severity_rank"),
    /** SLA deadline; findings without one last. */
    DUE("due_at"),
    /** First seen. */
    FIRST_SEEN("first_seen"),
    /** Last seen. */
    LAST_SEEN("last_seen"),
    /** CVSS 3.x base score. */
    CVSS("cvss3_score"),
    /** EPSS score. */
    EPSS("epss"),
    /** Host key, then port. */
    HOST("host_key");

    private final String column;

    FindingSort(String column) {
        this.column = column;
    }

    /** The column this sort orders by (a constant, never user text). */
    String column() {
        return column;
    }

    /** The API name: {@code severity}, {@code due}, {@code first_seen}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The sort with this API name; {@link FindingsErrorCode#INVALID_FILTER} if it is not on the allow-list. */
    public static FindingSort of(String name) {
        for (FindingSort s : values()) {
            if (s.label().equals(name)) {
                return s;
            }
        }
        throw new MedsocException(FindingsErrorCode.INVALID_FILTER, "cannot sort findings by '" + name
                + "'; sort by one of " + Arrays.stream(values()).map(FindingSort::label)
                .collect(Collectors.joining(", ")));
    }
}
