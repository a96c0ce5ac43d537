package org.medsoc.federation;

import java.time.Instant;
import org.medsoc.spi.event.TenantId;

/**
 * The port through which a node answers a trace from its own event store (implemented over the node's {@code
 * EventStore}); raw events never leave the node, only the count and first and last sighting.
 */
@FunctionalInterface
public interface TraceSearcher {
    /** Counts events of {@code tenant} in [{@code from}, {@code to}) holding {@code indicator} in any field. */
    TraceAnswer search(TenantId tenant, String indicator, Instant from, Instant to);
}
