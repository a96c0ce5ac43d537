package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

/**
 * The answer to {@link PagingService#page}.
 *
 * @param page the page: the new one, or the live page that already existed for the incident
 * @param created whether this call created it
 */
public record PageResult(PageRecord page, boolean created) {
    /** Validates the values. */
    public PageResult {
        requireNonNull(page, "page is null");
    }
}
