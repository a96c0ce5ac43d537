package org.medsoc.identity;

/** The lifecycle state of a tenant. */
public enum TenantStatus {
    /** In service. */
    ACTIVE,
    /** Temporarily out of service: nobody gets permissions on it; data is kept. */
    DISABLED,
    /** Contract ended: grants removed, users whose home it was disabled, data to be wiped. Final. */
    OFFBOARDED
}
