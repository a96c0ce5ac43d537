package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.medsoc.notify.Severity;
import org.medsoc.spi.event.TenantId;

/**
 * A request to page the on-duty engineers about an incident. Neutral on purpose: the incident module's types are
 * mapped onto it by the caller.
 *
 * @param tenant the tenant
 * @param incidentId the incident's id; while a page for it is live, paging it again returns that page
 * @param title the incident title
 * @param summary a short description (may be empty)
 * @param severity how urgent it is; selects the escalation policy and quiet-hours treatment
 * @param link where to act on the incident
 * @param responseDue when the first response is due (SLA), if known
 * @param resolutionDue when resolution is due (SLA), if known
 */
public record Page(
        TenantId tenant,
        String incidentId,
        String title,
        String summary,
        Severity severity,
        Optional<URI> link,
        Optional<Instant> responseDue,
        Optional<Instant> resolutionDue) {
    /** Validates the values. */
    public Page {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(incidentId, "incidentId is null");
        requireNonNull(title, "title is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(link, "link is null");
        requireNonNull(responseDue, "responseDue is null");
        requireNonNull(resolutionDue, "resolutionDue is null");
        if (incidentId.isBlank() || incidentId.length() > 200) {
            throw new IllegalArgumentException("incident id must be 1 to 200 characters: '" + incidentId + "'");
        }
    }

    /** A page without link, summary or SLA times. */
    public static Page of(TenantId tenant, String incidentId, String title, Severity severity) {
        return new Page(tenant, incidentId, title, "", severity, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
