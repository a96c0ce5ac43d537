package org.medsoc.identity;

import static org.medsoc.identity.Permission.*;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A named set of permissions granted to a user on a tenant (and, through the hierarchy, on its members). The table
 * is code, not data: changing it is a reviewed change.
 */
public enum Role {
    /** Everything in the granted tenants, including user and tenant management. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** Security analyst: reads events, works alerts and incidents, writes rules and tuning. */
    ANALYST(EnumSet.of(EVENTS_READ, ALERTS_READ, ALERTS_WRITE, INCIDENTS_READ, INCIDENTS_WRITE, RULES_READ,
            RULES_WRITE, TUNING_WRITE, DASHBOARDS_READ, TENANTS_READ, ASSETS_READ, ASSETS_WRITE, VULNS_READ,
            VULNS_WRITE, PLAYBOOKS_READ, PLAYBOOKS_WRITE)),
    /** Reads everything including the audit log and users; writes nothing. */
    AUDITOR(EnumSet.of(EVENTS_READ, ALERTS_READ, INCIDENTS_READ, RULES_READ, DASHBOARDS_READ, HUB_VIEW,
            TENANTS_READ, USERS_READ, AUDIT_READ, ASSETS_READ, VULNS_READ, PLAYBOOKS_READ)),
    /**
     * Hospital staff outside the SOC: dashboards, alerts and incidents of their hospital, read-only. No raw event
     * search ({@link Permission#EVENTS_READ}): raw logs can hold patient data and are for analysts.
     */
    TENANT_VIEWER(EnumSet.of(DASHBOARDS_READ, ALERTS_READ, INCIDENTS_READ, TENANTS_READ, ASSETS_READ, VULNS_READ)),
    /** Hub operator: the region view and incident/alert reading across the granted tenants; no raw events. */
    HUB_OPERATOR(EnumSet.of(HUB_VIEW, DASHBOARDS_READ, ALERTS_READ, INCIDENTS_READ, TENANTS_READ, VULNS_READ));

    private final Set<Permission> permissions;

    Role(EnumSet<Permission> permissions) {
        this.permissions = Collections.unmodifiableSet(permissions);
    }

    /** The permissions this role gives on each tenant it is granted on. */
    public Set<Permission> permissions() {
        return permissions;
    }
}
