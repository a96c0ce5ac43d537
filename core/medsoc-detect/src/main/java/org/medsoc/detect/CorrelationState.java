package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A snapshot of what a {@link Correlator} holds and has done, per correlation.
 *
 * @param correlations one entry per correlation taken, in creation order
 */
public record CorrelationState(List<Entry> correlations) {
    /** Creates the snapshot; the list is copied. */
    public CorrelationState {
        correlations = List.copyOf(correlations);
    }

    /**
     * The state of one correlation.
     *
     * @param correlation the correlation's label (id, else name, else origin)
     * @param groups groups currently held
     * @param events events currently held over all groups
     * @param evictions groups evicted because {@link CorrelationLimits#maxGroupsPerCorrelation()} was reached
     * @param droppedEvents events dropped: oldest of a full group, or arriving later than the group's window
     * @param matches matches emitted
     */
    public record Entry(String correlation, int groups, long events, long evictions, long droppedEvents,
            long matches) {
        /** Creates an entry. */
        public Entry {
            requireNonNull(correlation, "correlation is null");
        }
    }

    /** The entry of the correlation with this label. */
    public Entry of(String correlation) {
        for (Entry e : correlations) {
            if (e.correlation().equals(correlation)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no correlation " + correlation + " in " + correlations);
    }
}
