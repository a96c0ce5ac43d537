package org.medsoc.spi.store;

import static java.util.Objects.requireNonNull;

/**
 * Sort of a search: a field name ({@code @timestamp} or any keyword, numeric, IP or date field) and direction.
 *
 * @param field the field to sort by
 * @param descending true for newest/largest first
 */
public record SortOrder(String field, boolean descending) {
    /** Newest first: the default of every search. */
    public static final SortOrder NEWEST_FIRST = new SortOrder("@timestamp", true);

    public SortOrder {
        requireNonNull(field, "field is null");
    }
}
