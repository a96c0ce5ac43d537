package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/** One node's answer to a trace: status, count, first and last sighting, when it answered, or its error. */
public record TraceNodeResult(NodeId node, TenantId tenant, TraceStatus status, long count,
        Optional<Instant> firstSeen, Optional<Instant> lastSeen, Optional<Instant> answeredAt,
        Optional<String> error) {
    /** Checks the parts. */
    public TraceNodeResult {
        requireNonNull(node, "node is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(status, "status is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
        requireNonNull(answeredAt, "answeredAt is null");
        requireNonNull(error, "error is null");
    }
}
