package org.medsoc.spi.store;

import static java.util.Objects.requireNonNull;

/**
 * A search over one tenant's events.
 *
 * @param dataset events or dead letters
 * @param query a query string in Lucene syntax over field names ({@code source.ip:10.1.2.3 AND event.outcome:failure});
 *     blank means all events; bare terms search {@code message}
 * @param fromMillis inclusive lower bound of {@code @timestamp}, epoch millis ({@link Long#MIN_VALUE} for none)
 * @param toMillis exclusive upper bound of {@code @timestamp}, epoch millis ({@link Long#MAX_VALUE} for none)
 * @param sort sort order of the page
 * @param offset number of matching events to skip, {@code >= 0}
 * @param limit maximum number of events on the page, {@code 0..MAX_LIMIT}
 */
public record EventQuery(
        Dataset dataset, String query, long fromMillis, long toMillis, SortOrder sort, int offset, int limit) {
    /** Largest page a store must serve. */
    public static final int MAX_LIMIT = 10_000;

    public EventQuery {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(query, "query is null");
        requireNonNull(sort, "sort is null");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 0.." + MAX_LIMIT + ", was " + limit);
        }
        if (fromMillis > toMillis) {
            throw new IllegalArgumentException("time range is inverted: from " + fromMillis + " > to " + toMillis);
        }
    }

    /** All events of the dataset, newest first, first {@code limit}. */
    public static EventQuery all(Dataset dataset, int limit) {
        return new EventQuery(dataset, "", Long.MIN_VALUE, Long.MAX_VALUE, SortOrder.NEWEST_FIRST, 0, limit);
    }

    /** Events matching a query string, newest first, first {@code limit}. */
    public static EventQuery of(String query, int limit) {
        return new EventQuery(Dataset.EVENTS, query, Long.MIN_VALUE, Long.MAX_VALUE, SortOrder.NEWEST_FIRST, 0, limit);
    }
}
