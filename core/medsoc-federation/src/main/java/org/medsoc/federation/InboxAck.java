package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The hub's answer to a report batch.
 *
 * @param highestApplied the highest sequence the hub has applied for the node (after this batch)
 * @param applied how many reports of the batch were applied now
 * @param duplicates how many were already applied before (a resent or overlapping batch)
 * @param rejected sequences applied as rejected: stored with a reason but without effect (unreadable payload, a
 *     warning or trace that is not this node's)
 */
public record InboxAck(long highestApplied, int applied, int duplicates, List<Long> rejected) {
    /** Checks the parts. */
    public InboxAck {
        rejected = List.copyOf(requireNonNull(rejected, "rejected is null"));
    }
}
