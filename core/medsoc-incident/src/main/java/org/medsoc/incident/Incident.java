package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * A snapshot of an incident: a unit of work for analysts grouping the alerts of one rule on one entity. Change it
 * only through {@link IncidentService}, passing {@link #version()} back (optimistic locking).
 *
 * @param tenant the owning tenant
 * @param id the incident id (unique across tenants, but always looked up with the tenant)
 * @param title short title
 * @param description free text
 * @param state lifecycle state
 * @param severity current severity
 * @param assignee the analyst working on it
 * @param ruleId the rule whose alerts opened it
 * @param groupingKey the grouping key ({@code <rule id>|<field>=<value>})
 * @param alertCount how many distinct alerts joined it
 * @param firstAlertAt the earliest alert time
 * @param lastAlertAt the latest alert time
 * @param createdAt when it was opened
 * @param updatedAt when it last changed
 * @param firstResponseAt when a person first acted on it (acknowledge, assignment, comment or transition)
 * @param resolvedAt when it was resolved (cleared on reopen)
 * @param closedAt when it was closed (cleared on reopen)
 * @param resolution the resolution (cleared on reopen)
 * @param resolutionSummary the resolution summary (cleared on reopen)
 * @param slaStartedAt when the resolution clock started (opening, or the last reopen)
 * @param attributes tags, assets, hosts, users, addresses and business systems, each sorted
 * @param sla the SLA position when this snapshot was read
 * @param version the optimistic-locking version
 */
public record Incident(
        TenantId tenant,
        long id,
        String title,
        String description,
        IncidentState state,
        Severity severity,
        Optional<String> assignee,
        String ruleId,
        String groupingKey,
        long alertCount,
        Instant firstAlertAt,
        Instant lastAlertAt,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> firstResponseAt,
        Optional<Instant> resolvedAt,
        Optional<Instant> closedAt,
        Optional<Resolution> resolution,
        Optional<String> resolutionSummary,
        Instant slaStartedAt,
        Map<AttributeKind, List<String>> attributes,
        SlaStatus sla,
        long version) {

    /** Validates and copies the values. */
    public Incident {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(title, "title is null");
        requireNonNull(state, "state is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(sla, "sla is null");
        EnumMap<AttributeKind, List<String>> copy = new EnumMap<>(AttributeKind.class);
        attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        attributes = Map.copyOf(copy);
    }

    /** The values of one attribute kind, sorted; empty if none. */
    public List<String> attribute(AttributeKind kind) {
        return attributes.getOrDefault(kind, List.of());
    }

    /** ATT&CK and other tags. */
    public List<String> tags() {
        return attribute(AttributeKind.TAG);
    }

    /** Affected asset ids. */
    public List<String> assets() {
        return attribute(AttributeKind.ASSET);
    }

    /** Affected business systems. */
    public List<String> businessSystems() {
        return attribute(AttributeKind.BUSINESS_SYSTEM);
    }
}
