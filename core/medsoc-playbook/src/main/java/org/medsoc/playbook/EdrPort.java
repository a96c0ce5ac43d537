package org.medsoc.playbook;

import org.medsoc.spi.event.TenantId;

/** Isolates hosts through an endpoint detection and response product; idempotent per {@code idempotencyKey}. */
public interface EdrPort {
    /** The EDR's identity for rate limits; limits are keyed {@code edr:<target>}. */
    String target();

    /** Cuts a host off the network except for the EDR's own management channel. */
    ActionResult isolate(TenantId tenant, String host, String reason, String idempotencyKey);
}
