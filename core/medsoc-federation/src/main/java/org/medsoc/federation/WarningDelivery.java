package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * One warning at one node, with its lifecycle.
 *
 * @param overdue whether the deadline passed before the warning was disposed of
 */
public record WarningDelivery(long directiveId, NodeId node, TenantId tenant, String title, WarningState state,
        Instant deadline, Instant sentAt, Optional<Instant> receivedAt, Optional<Instant> acknowledgedAt,
        Optional<String> acknowledgedBy, Optional<Instant> disposedAt, Optional<String> evidence,
        Optional<Instant> verifiedAt, Optional<String> verifiedBy, boolean overdue) {
    /** Checks the parts. */
    public WarningDelivery {
        requireNonNull(node, "node is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(title, "title is null");
        requireNonNull(state, "state is null");
        requireNonNull(deadline, "deadline is null");
        requireNonNull(sentAt, "sentAt is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(acknowledgedAt, "acknowledgedAt is null");
        requireNonNull(acknowledgedBy, "acknowledgedBy is null");
        requireNonNull(disposedAt, "disposedAt is null");
        requireNonNull(evidence, "evidence is null");
        requireNonNull(verifiedAt, "verifiedAt is null");
        requireNonNull(verifiedBy, "verifiedBy is null");
    }
}
