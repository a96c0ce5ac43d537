package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.medsoc.spi.event.TenantId;

/**
 * Figures for the incidents a tenant opened in a period {@code [from, to)}, as of {@code asOf}.
 *
 * <p>MTTA is the mean time from opening to first response (acknowledge, assignment, comment or transition by a
 * person) over incidents that had one; MTTR the mean time from opening to resolution over incidents resolved.
 * Compliance is the share of decided targets that were met: a target is decided once done, or once its deadline
 * passed undone (breached); targets still running are not counted. Empty when nothing is decided.
 *
 * @param tenant the tenant
 * @param from period start (inclusive)
 * @param to period end (exclusive)
 * @param asOf when the figures were computed
 * @param opened incidents opened in the period
 * @param byState of those, how many are in each state now
 * @param bySeverity of those, how many have each severity now
 * @param meanTimeToAcknowledge MTTA
 * @param meanTimeToResolve MTTR
 * @param responseCompliance share of decided first-response targets met, 0 to 1
 * @param resolutionCompliance share of decided resolution targets met, 0 to 1
 * @param slaCompliance share of incidents with both targets decided whose both targets were met, 0 to 1
 */
public record IncidentMetrics(
        TenantId tenant,
        Instant from,
        Instant to,
        Instant asOf,
        long opened,
        Map<IncidentState, Long> byState,
        Map<Severity, Long> bySeverity,
        Optional<Duration> meanTimeToAcknowledge,
        Optional<Duration> meanTimeToResolve,
        OptionalDouble responseCompliance,
        OptionalDouble resolutionCompliance,
        OptionalDouble slaCompliance) {
    /** Validates and copies the values. */
    public IncidentMetrics {
        requireNonNull(tenant, "tenant is null");
        byState = Map.copyOf(byState);
        bySeverity = Map.copyOf(bySeverity);
    }
}
