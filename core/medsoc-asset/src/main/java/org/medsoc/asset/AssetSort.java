package org.medsoc.asset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.medsoc.spi.error.MedsocException;

/** The fields assets may be sorted by (the allow-list; ties are broken by id). */
public enum AssetSort {
    /** Display name. */
    NAME("name"),
    /** Kind. */
    KIND("kind"),
    /** Criticality. */
    CRITICALITY("criticality"),
    /** Business system. */
    BUSINESS_SYSTEM("business_system"),
    /** Department. */
    DEPARTMENT("department"),
    /** First seen. */
    FIRST_SEEN("first_seen"),
    /** Last seen. */
    LAST_SEEN("last_seen"),
    /** Last change. */
    UPDATED("updated_at");

    private final String column;

    AssetSort(String column) {
        this.column = column;
    }

    /** The column this sort orders by (a constant, never user text). */
    String column() {
        return column;
    }

    /** The API name: {@code name}, {@code kind}, {@code criticality}, {@code business_system}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The sort with this API name; {@link AssetErrorCode#INVALID_FILTER} if it is not on the allow-list. */
    public static AssetSort of(String name) {
        for (AssetSort s : values()) {
            if (s.label().equals(name)) {
                return s;
            }
        }
        throw new MedsocException(AssetErrorCode.INVALID_FILTER, "cannot sort assets by '" + name
                + "'; sort by one of " + Arrays.stream(values()).map(AssetSort::label)
                .collect(Collectors.joining(", ")));
    }
}
