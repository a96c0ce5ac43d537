package org.medsoc.playbook;

import java.util.Map;
import org.medsoc.spi.event.TenantId;

/**
 * Creates tickets in the hospital's ticketing system. Implementations must return the existing ticket when called
 * again with the same {@code idempotencyKey}; the output should hold {@code ticket_id}.
 */
public interface TicketPort {
    /** The ticketing system's identity for rate limits; limits are keyed {@code ticket:<target>}. */
    String target();

    /** Creates (or finds, by idempotency key) a ticket. */
    ActionResult create(TenantId tenant, String title, String body, Map<String, String> fields, String idempotencyKey);
}
