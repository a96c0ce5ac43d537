package org.medsoc.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.Partition;

/**
 * Applies a {@link RetentionPolicy} to an {@link EventStore} by dropping whole partitions.
 *
 * <p>First every partition whose whole UTC day ended more than {@code maxAge} before {@code now} is dropped; then,
 * while the store is larger than {@code maxBytes}, the oldest remaining partition. Partitions of the current UTC day
 * (and of later days, from clocks running ahead) are never dropped; if they alone exceed the budget a warning is
 * logged. Each drop is logged with its reason.
 */
public final class Retention {
    private static final System.Logger LOG = System.getLogger(Retention.class.getName());

    private Retention() {}

    /** Drops what the policy no longer keeps and answers the partitions dropped, in order. */
    public static List<Partition> apply(EventStore store, RetentionPolicy policy, Instant now) {
        requireNonNull(store, "store is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(now, "now is null");
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Partition> remaining = new ArrayList<>(store.partitions());
        remaining.sort(Comparator.comparing(Partition::day));
        List<Partition> dropped = new ArrayList<>();

        if (!policy.maxAge().isZero()) {
            Instant cutoff = now.minus(policy.maxAge());
            for (Partition p : List.copyOf(remaining)) {
                Instant dayEnd = p.day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                if (p.day().isBefore(today) && !dayEnd.isAfter(cutoff)) {
                    if (drop(store, p, "its day ended before " + cutoff + " (max age " + policy.maxAge() + ")")) {
                        dropped.add(p);
                    }
                    remaining.remove(p);
                }
            }
        }

        if (policy.maxBytes() > 0) {
            long total = 0;
            for (Partition p : remaining) {
                total += p.sizeBytes();
            }
            for (Partition p : List.copyOf(remaining)) {
                if (total <= policy.maxBytes()) {
                    break;
                }
                if (!p.day().isBefore(today)) {
                    continue;
                }
                if (drop(store, p, "the store holds " + total + " bytes, more than the max size of "
                        + policy.maxBytes())) {
                    dropped.add(p);
                }
                total -= p.sizeBytes();
                remaining.remove(p);
            }
            if (total > policy.maxBytes()) {
                LOG.log(System.Logger.Level.WARNING, "the event store holds " + total + " bytes in partitions of "
                        + today + " or later, more than store.retention.max-size of " + policy.maxBytes()
                        + " bytes; they are kept because the current day is never dropped: raise the max size or"
                        + " add disk");
            }
        }
        return List.copyOf(dropped);
    }

    private static boolean drop(EventStore store, Partition p, String reason) {
        boolean done = store.drop(p.name());
        if (done) {
            LOG.log(System.Logger.Level.INFO, "dropped partition " + p.name() + " (" + p.sizeBytes() + " bytes, "
                    + p.eventCount() + " events): " + reason);
        }
        return done;
    }
}
