package org.medsoc.spi.store;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A time partition of a store: all events of one dataset whose {@code @timestamp} falls on one UTC day.
 * Retention works by dropping whole partitions.
 *
 * @param name store-specific unique name (a directory, an index)
 * @param dataset what it holds
 * @param day the UTC day it covers
 * @param sizeBytes bytes it occupies on disk
 * @param eventCount events it holds
 */
public record Partition(String name, Dataset dataset, LocalDate day, long sizeBytes, long eventCount) {
    public Partition {
        requireNonNull(name, "name is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(day, "day is null");
    }
}
