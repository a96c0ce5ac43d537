package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * A tenant's SLA compliance as its nodes reported it.
 *
 * @param closedIncidents incidents reported closed
 * @param closedWithinSla of those, the ones closed within the node's SLA
 * @param compliance {@code closedWithinSla / closedIncidents}, absent when none closed
 */
public record SlaCompliance(TenantId tenant, long closedIncidents, long closedWithinSla, Optional<Double> compliance) {
    /** Checks the parts. */
    public SlaCompliance {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(compliance, "compliance is null");
    }
}
