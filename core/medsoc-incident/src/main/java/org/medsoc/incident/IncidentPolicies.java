package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.medsoc.spi.event.TenantId;

/**
 * The SLA and grouping policy of each tenant, with defaults for tenants that have none. Thread-safe; changes apply
 * to incidents opened (SLA) or alerts received (grouping) afterwards. Kept in memory: the server loads them from
 * configuration at start.
 */
public final class IncidentPolicies {
    private final SlaPolicy defaultSla;
    private final GroupingPolicy defaultGrouping;
    private final Map<TenantId, SlaPolicy> sla = new ConcurrentHashMap<>();
    private final Map<TenantId, GroupingPolicy> grouping = new ConcurrentHashMap<>();

    /** Default SLA targets in {@code zone} and default grouping for every tenant. */
    public IncidentPolicies(ZoneId zone) {
        this(SlaPolicy.defaults(zone), GroupingPolicy.standard());
    }

    /** The given defaults for every tenant without its own policy. */
    public IncidentPolicies(SlaPolicy defaultSla, GroupingPolicy defaultGrouping) {
        this.defaultSla = requireNonNull(defaultSla, "defaultSla is null");
        this.defaultGrouping = requireNonNull(defaultGrouping, "defaultGrouping is null");
    }

    /** The tenant's SLA policy. */
    public SlaPolicy sla(TenantId tenant) {
        return sla.getOrDefault(tenant, defaultSla);
    }

    /** The tenant's grouping policy. */
    public GroupingPolicy grouping(TenantId tenant) {
        return grouping.getOrDefault(tenant, defaultGrouping);
    }

    /** Sets the tenant's SLA policy. */
    public void setSla(TenantId tenant, SlaPolicy policy) {
        sla.put(requireNonNull(tenant, "tenant is null"), requireNonNull(policy, "policy is null"));
    }

    /** Sets the tenant's grouping policy. */
    public void setGrouping(TenantId tenant, GroupingPolicy policy) {
        grouping.put(requireNonNull(tenant, "tenant is null"), requireNonNull(policy, "policy is null"));
    }

    /** Switches the tenant's special-protection mode (重保) on or off. */
    public void setSpecialProtection(TenantId tenant, boolean on) {
        sla.compute(requireNonNull(tenant, "tenant is null"),
                (t, p) -> (p == null ? defaultSla : p).withSpecialProtection(on));
    }
}
