package org.medsoc.intel;

import org.medsoc.spi.event.TenantId;

/**
 * What an authenticated TAXII caller may do, per tenant (one TAXII API root per tenant). A tenant the caller may not
 * read is, for the caller, a root that does not exist.
 */
public interface TaxiiCaller {
    /** Whether the caller may list and read the tenant's collections. */
    boolean canRead(TenantId tenant);

    /** Whether the caller may add objects to the tenant's writable collections. */
    boolean canWrite(TenantId tenant);

    /** A name for logs and the sources of added objects (user name or token name). */
    String name();
}
