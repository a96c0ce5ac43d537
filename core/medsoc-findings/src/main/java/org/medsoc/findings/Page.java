package org.medsoc.findings;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the items of this page
 * @param total how many items match in all
 * @param offset the offset of the first item
 * @param limit the page size asked for
 * @param <T> item type
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }
}
