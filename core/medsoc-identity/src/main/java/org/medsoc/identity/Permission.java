package org.medsoc.identity;

/** One thing a principal may do within a tenant. Roles are sets of permissions ({@link Role#permissions()}). */
public enum Permission {
    /** Search raw events (logs); raw logs may hold patient data, so this is narrower than reading alerts. */
    EVENTS_READ,
    /** Send events into the tenant through the API (log shippers' API tokens). */
    EVENTS_INGEST,
    /** Read alerts. */
    ALERTS_READ,
    /** Acknowledge, assign and close alerts. */
    ALERTS_WRITE,
    /** Read incidents. */
    INCIDENTS_READ,
    /** Create, transition, assign and comment on incidents. */
    INCIDENTS_WRITE,
    /** Read detection rules. */
    RULES_READ,
    /** Create, change, enable and disable detection rules. */
    RULES_WRITE,
    /** Suppressions, exceptions and thresholds (tuning) of rules. */
    TUNING_WRITE,
    /** Read dashboards and summaries. */
    DASHBOARDS_READ,
    /** The hub's region view: aggregated state across the granted tenants. */
    HUB_VIEW,
    /** Read the tenant's record (name, status, members). */
    TENANTS_READ,
    /** Create member tenants, rename, disable, enable and offboard tenants. */
    TENANTS_ADMIN,
    /** List users and their grants. */
    USERS_READ,
    /** Create, change, lock and disable users, grant and revoke roles, reset passwords, revoke others' tokens. */
    USERS_ADMIN,
    /** Read the audit log. */
    AUDIT_READ,
    /** Read the asset inventory and its history. */
    ASSETS_READ,
    /** Change the asset inventory (edits, imports). */
    ASSETS_WRITE,
    /** Read vulnerability findings, remediation plans and advisories. */
    VULNS_READ,
    /** Import scan reports, plan remediation, accept risks, acknowledge advisories. */
    VULNS_WRITE,
    /** Read playbooks and their runs. */
    PLAYBOOKS_READ,
    /** Change playbooks, start, cancel and approve runs; manage notification rosters. */
    PLAYBOOKS_WRITE
}
