package org.medsoc.spi.store;

import java.util.List;
import org.medsoc.spi.event.Event;

/**
 * One page of a search.
 *
 * @param total the number of events matching the query (exact)
 * @param events the page, in the requested order, at most {@code limit}
 */
public record SearchResult(long total, List<Event> events) {
    public SearchResult {
        events = List.copyOf(events);
    }
}
