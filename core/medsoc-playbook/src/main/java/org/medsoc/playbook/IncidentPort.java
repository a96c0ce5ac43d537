package org.medsoc.playbook;

import java.util.Map;
import org.medsoc.spi.event.TenantId;

/**
 * Changes an incident on behalf of a playbook: {@code changes} holds keys such as {@code state}, {@code severity},
 * {@code assignee}, {@code comment}. Applying the same changes twice must be harmless (a comment is added once per
 * {@code idempotencyKey}).
 */
public interface IncidentPort {
    /** Applies changes to one incident of the tenant. */
    ActionResult update(TenantId tenant, String incidentId, Map<String, String> changes, String idempotencyKey);
}
