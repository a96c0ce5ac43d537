package org.medsoc.spi.store;

import java.time.Duration;
import java.util.List;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.TenantId;

/**
 * The event store port: where normalised events and dead letters are kept, searched and aged out.
 *
 * <p>Implementations: the embedded Lucene store (default) and, behind the same contract, a search cluster.
 * Contract:
 * <ul>
 *   <li>{@link #write} routes each event to the partition of its dataset ({@code event.kind: pipeline_error} means
 *       {@link Dataset#DEAD_LETTERS}, {@code event.kind: signal} means {@link Dataset#ALERTS}) and UTC day of its timestamp. Every event must carry an id.</li>
 *   <li>Written events become searchable after {@link #refresh()} (implementations also refresh on their own,
 *       within about a second) and durable after {@link #commit()} returns.</li>
 *   <li>Every read is scoped to one tenant: no method returns another tenant's events.</li>
 *   <li>Methods are safe to call from several threads.</li>
 * </ul>
 * Failures are {@link org.medsoc.spi.error.MedsocException}s; a bad query string is a USER error with a message that
 * says what is wrong and where.
 */
public interface EventStore extends AutoCloseable {
    /** Adds a batch of events. */
    void write(List<Event> events, WriteMode mode);

    /** Makes everything written so far durable (survives a crash of the process or the machine). */
    void commit();

    /** Makes everything written so far visible to searches. */
    void refresh();

    /** One page of the events matching a query, with the exact total. */
    SearchResult search(TenantId tenant, EventQuery query);

    /** Counts of matching events per time bucket of {@code interval}, ascending by start; empty buckets omitted. */
    List<HistogramBucket> histogram(TenantId tenant, EventQuery query, Duration interval);

    /** The {@code size} most frequent values of {@code field} among matching events, most frequent first. */
    List<ValueCount> topValues(TenantId tenant, EventQuery query, String field, int size);

    /** All partitions, oldest first. */
    List<Partition> partitions();

    /** Deletes a partition and its data; answers false if no such partition exists. */
    boolean drop(String partitionName);

    /** Commits and releases resources. */
    @Override
    void close();
}
