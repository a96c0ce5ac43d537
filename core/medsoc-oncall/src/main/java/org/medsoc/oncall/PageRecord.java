package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.medsoc.notify.Severity;
import org.medsoc.spi.event.TenantId;

/**
 * A stored page as read.
 *
 * @param tenant the tenant
 * @param id the page id
 * @param incidentId the incident paged about
 * @param title the incident title
 * @param severity the severity
 * @param link where to act, if any
 * @param state the lifecycle state
 * @param createdAt when the page was opened
 * @param nextDeadline while OPEN, the next time something happens (a notification, a retry, or exhaustion)
 * @param protection the special-protection window's reason when the page was opened in one
 * @param acknowledgedBy who acknowledged
 * @param acknowledgedAt when
 * @param resolvedBy who resolved
 * @param resolvedAt when
 * @param exhaustedAt when the page was exhausted
 * @param version incremented by every change
 */
public record PageRecord(
        TenantId tenant,
        long id,
        String incidentId,
        String title,
        Severity severity,
        Optional<URI> link,
        PageState state,
        Instant createdAt,
        Optional<Instant> nextDeadline,
        Optional<String> protection,
        Optional<String> acknowledgedBy,
        Optional<Instant> acknowledgedAt,
        Optional<String> resolvedBy,
        Optional<Instant> resolvedAt,
        Optional<Instant> exhaustedAt,
        long version) {
    /** Validates the values. */
    public PageRecord {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(incidentId, "incidentId is null");
        requireNonNull(title, "title is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(link, "link is null");
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(nextDeadline, "nextDeadline is null");
        requireNonNull(protection, "protection is null");
        requireNonNull(acknowledgedBy, "acknowledgedBy is null");
        requireNonNull(acknowledgedAt, "acknowledgedAt is null");
        requireNonNull(resolvedBy, "resolvedBy is null");
        requireNonNull(resolvedAt, "resolvedAt is null");
        requireNonNull(exhaustedAt, "exhaustedAt is null");
    }
}
