package org.medsoc.playbook;

import org.medsoc.spi.event.TenantId;

/**
 * Looks up context about an indicator (asset owner and criticality for an address, reputation of a domain, …). A
 * read-only lookup, so safe to repeat; the output map becomes {@code steps.<id>.output}.
 */
public interface EnrichmentPort {
    /** Looks up {@code value} of the given {@code kind} ({@code ip}, {@code host}, {@code domain}, {@code user}, …). */
    ActionResult enrich(TenantId tenant, String kind, String value);
}
