package org.medsoc.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.HistogramBucket;
import org.medsoc.spi.store.Partition;
import org.medsoc.spi.store.SearchResult;
import org.medsoc.spi.store.ValueCount;
import org.medsoc.spi.store.WriteMode;

/**
 * A fake {@link EventStore} that holds only a list of partitions and records which ones were dropped: enough to test
 * partition lifecycle code such as retention without a real store. Writing and searching fail.
 */
public final class RecordingPartitionStore implements EventStore {
    private final List<Partition> partitions = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();

    /** A store holding these partitions. */
    public RecordingPartitionStore(List<Partition> partitions) {
        requireNonNull(partitions, "partitions is null");
        this.partitions.addAll(partitions);
    }

    /** Names of the partitions dropped so far, in order. */
    public synchronized List<String> dropped() {
        return List.copyOf(dropped);
    }

    @Override
    public synchronized List<Partition> partitions() {
        List<Partition> out = new ArrayList<>(partitions);
        out.sort(Comparator.comparing(Partition::day).thenComparing(Partition::dataset));
        return out;
    }

    @Override
    public synchronized boolean drop(String partitionName) {
        boolean removed = partitions.removeIf(p -> p.name().equals(partitionName));
        if (removed) {
            dropped.add(partitionName);
        }
        return removed;
    }

    @Override
    public void write(List<Event> events, WriteMode mode) {
        throw unsupported();
    }

    @Override
    public void commit() {}

    @Override
    public void refresh() {}

    @Override
    public SearchResult search(TenantId tenant, EventQuery query) {
        throw unsupported();
    }

    @Override
    public List<HistogramBucket> histogram(TenantId tenant, EventQuery query, Duration interval) {
        throw unsupported();
    }

    @Override
    public List<ValueCount> topValues(TenantId tenant, EventQuery query, String field, int size) {
        throw unsupported();
    }

    @Override
    public void close() {}

    private static MedsocException unsupported() {
        return new MedsocException(
                StandardErrorCode.GENERIC_INTERNAL_ERROR,
                "RecordingPartitionStore only tracks partitions; use a real store to write or search");
    }
}
