package org.medsoc.api;

import org.medsoc.audit.AuditEntry;

/** Where the API records what callers did (every change and every search). */
@FunctionalInterface
public interface AuditTrail {
    /** Appends one entry; a failure to audit fails the request (nothing may happen unrecorded). */
    void record(AuditEntry entry);

    /** An audit trail that keeps nothing (tests of other concerns). */
    static AuditTrail none() {
        return entry -> { };
    }
}
