package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.medsoc.spi.event.TenantId;

/** An open incident of a member node, as reported. */
public record RegionIncident(NodeId node, TenantId tenant, String incidentRef, String title, String severity,
        String state, Instant openedAt, Instant updatedAt) {
    /** Checks the parts. */
    public RegionIncident {
        requireNonNull(node, "node is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(incidentRef, "incidentRef is null");
        requireNonNull(title, "title is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(state, "state is null");
        requireNonNull(openedAt, "openedAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
