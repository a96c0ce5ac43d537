package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A trace: was {@code indicator} seen in [{@code from}, {@code to}) at the target nodes, and each node's answer.
 *
 * @param directiveId the trace-query directive sent to the nodes
 */
public record Trace(long id, String indicator, Instant from, Instant to, Instant createdAt, String createdBy,
        long directiveId, List<TraceNodeResult> nodes) {
    /** Checks the parts. */
    public Trace {
        requireNonNull(indicator, "indicator is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
        nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
    }

    /** The total count over the nodes that answered. */
    public long totalCount() {
        return nodes.stream().filter(n -> n.status() == TraceStatus.ANSWERED).mapToLong(TraceNodeResult::count).sum();
    }
}
