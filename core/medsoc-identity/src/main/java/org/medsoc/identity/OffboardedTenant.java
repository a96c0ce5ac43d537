package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.medsoc.spi.event.TenantId;

/**
 * The result of offboarding a tenant: what identity already did, and what the caller must still wipe. The data of
 * {@link #tenant()} in every store (events, alerts, incidents, rules, tuning) must be deleted by the caller; identity
 * keeps the tenant row (status {@link TenantStatus#OFFBOARDED}) so the id is never reused.
 *
 * @param tenant the offboarded tenant, whose data must be wiped
 * @param offboardedAt when
 * @param disabledUsers users whose home tenant it was; disabled, sessions and API tokens ended
 * @param removedGrants how many grants on the tenant were removed
 */
public record OffboardedTenant(TenantId tenant, Instant offboardedAt, List<UserId> disabledUsers, int removedGrants) {
    /** Checks and copies the parts. */
    public OffboardedTenant {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(offboardedAt, "offboardedAt is null");
        disabledUsers = List.copyOf(disabledUsers);
    }
}
