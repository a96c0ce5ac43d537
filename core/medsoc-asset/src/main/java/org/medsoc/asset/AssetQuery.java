package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * Which assets to list, in which order, and which page. Start from {@link #all()} and narrow with the
 * {@code withXxx} methods; every value is bound as a statement parameter.
 *
 * @param kind only assets of this kind
 * @param businessSystem only assets of this business system (exact)
 * @param minCriticality only assets at least this critical
 * @param status only assets in this status
 * @param text only assets whose name, addresses, host names, owner, department, location, business system, vendor,
 *     model or operating system contain this text (case-insensitive, taken literally)
 * @param exposedOnly only assets with a service reachable from the internet
 * @param sort the order
 * @param descending whether the order is descending
 * @param offset how many matching assets to skip
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 */
public record AssetQuery(
        Optional<AssetKind> kind,
        Optional<String> businessSystem,
        Optional<Integer> minCriticality,
        Optional<AssetStatus> status,
        Optional<String> text,
        boolean exposedOnly,
        AssetSort sort,
        boolean descending,
        int offset,
        int limit) {
    /** The largest page. */
    public static final int MAX_LIMIT = 1_000;
    /** The page size of {@link #all()}. */
    public static final int DEFAULT_LIMIT = 50;

    /**
     * Checks the page and the criticality.
     *
     * @throws MedsocException with {@link AssetErrorCode#INVALID_FILTER} naming the bad value
     */
    public AssetQuery {
        requireNonNull(kind, "kind is null");
        requireNonNull(businessSystem, "businessSystem is null");
        requireNonNull(minCriticality, "minCriticality is null");
        requireNonNull(status, "status is null");
        requireNonNull(text, "text is null");
        requireNonNull(sort, "sort is null");
        if (offset < 0) {
            throw new MedsocException(AssetErrorCode.INVALID_FILTER, "offset must be 0 or more, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new MedsocException(AssetErrorCode.INVALID_FILTER,
                    "limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (minCriticality.isPresent() && (minCriticality.get() < 1 || minCriticality.get() > 4)) {
            throw new MedsocException(AssetErrorCode.INVALID_FILTER,
                    "criticality filter must be 1 to 4, was " + minCriticality.get());
        }
        text = text.map(String::strip).filter(t -> !t.isEmpty());
        businessSystem = businessSystem.map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Every asset, by name ascending, first page of {@value #DEFAULT_LIMIT}. */
    public static AssetQuery all() {
        return new AssetQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, AssetSort.NAME, false, 0, DEFAULT_LIMIT);
    }

    /** Only assets of this kind. */
    public AssetQuery withKind(AssetKind value) {
        return new AssetQuery(Optional.of(value), businessSystem, minCriticality, status, text, exposedOnly, sort,
                descending, offset, limit);
    }

    /** Only assets of this business system. */
    public AssetQuery withBusinessSystem(String value) {
        return new AssetQuery(kind, Optional.of(value), minCriticality, status, text, exposedOnly, sort, descending,
                offset, limit);
    }

    /** Only assets at least this critical. */
    public AssetQuery withMinCriticality(int value) {
        return new AssetQuery(kind, businessSystem, Optional.of(value), status, text, exposedOnly, sort, descending,
                offset, limit);
    }

    /** Only assets in this status. */
    public AssetQuery withStatus(AssetStatus value) {
        return new AssetQuery(kind, businessSystem, minCriticality, Optional.of(value), text, exposedOnly, sort,
                descending, offset, limit);
    }

    /** Only assets containing this text. */
    public AssetQuery withText(String value) {
        return new AssetQuery(kind, businessSystem, minCriticality, status, Optional.of(value), exposedOnly, sort,
                descending, offset, limit);
    }

    /** Only assets exposed to the internet. */
    public AssetQuery withExposedOnly(boolean value) {
        return new AssetQuery(kind, businessSystem, minCriticality, status, text, value, sort, descending, offset,
                limit);
    }

    /** In this order. */
    public AssetQuery withSort(AssetSort value, boolean descendingValue) {
        return new AssetQuery(kind, businessSystem, minCriticality, status, text, exposedOnly, value,
                descendingValue, offset, limit);
    }

    /** This page. */
    public AssetQuery withPage(int offsetValue, int limitValue) {
        return new AssetQuery(kind, businessSystem, minCriticality, status, text, exposedOnly, sort, descending,
                offsetValue, limitValue);
    }
}
