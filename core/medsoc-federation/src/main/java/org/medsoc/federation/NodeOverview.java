package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * One node as the region view shows it.
 *
 * @param silent no heartbeat within the view's silence threshold (or never)
 * @param openIncidents incidents reported open and not closed
 * @param openWarnings warnings not yet disposed of
 * @param overdueWarnings of those, the ones past their deadline
 * @param closedIncidents incidents reported closed
 * @param closedWithinSla of those, the ones the node reported as within its SLA
 * @param slaCompliance {@code closedWithinSla / closedIncidents}, absent when none closed
 * @param posture the latest posture report
 * @param riskScore the latest risk score
 */
public record NodeOverview(NodeId node, TenantId tenant, String name, MemberState state,
        Optional<Instant> lastHeartbeat, Optional<ReportBody.Health> health, boolean silent, long openIncidents,
        long openWarnings, long overdueWarnings, long closedIncidents, long closedWithinSla,
        Optional<Double> slaCompliance, Optional<ReportBody.Posture> posture, Optional<Integer> riskScore) {
    /** Checks the parts. */
    public NodeOverview {
        requireNonNull(node, "node is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        requireNonNull(lastHeartbeat, "lastHeartbeat is null");
        requireNonNull(health, "health is null");
        requireNonNull(slaCompliance, "slaCompliance is null");
        requireNonNull(posture, "posture is null");
        requireNonNull(riskScore, "riskScore is null");
    }
}
