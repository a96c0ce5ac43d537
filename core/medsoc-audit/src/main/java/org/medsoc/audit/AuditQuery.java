package org.medsoc.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Which audit records to read, newest first. The caller passes the tenants the reader may see (e.g. {@code
 * principal.tenants(Permission.AUDIT_READ)}); global records (without tenant) only when {@code includeGlobal}.
 *
 * @param tenants tenants whose records to include
 * @param includeGlobal whether to include records without a tenant
 * @param from earliest time, inclusive
 * @param to latest time, exclusive
 * @param actorId only records of this actor
 * @param actionPrefix only actions starting with this (e.g. {@code user.login})
 * @param offset records to skip
 * @param limit most records to answer (1 to {@value #MAX_LIMIT})
 */
public record AuditQuery(
        Set<TenantId> tenants,
        boolean includeGlobal,
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<String> actorId,
        Optional<String> actionPrefix,
        int offset,
        int limit) {
    /** Largest page. */
    public static final int MAX_LIMIT = 1000;

    /** Checks and copies the parts. */
    public AuditQuery {
        tenants = Set.copyOf(requireNonNull(tenants, "tenants is null"));
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(actorId, "actorId is null");
        requireNonNull(actionPrefix, "actionPrefix is null");
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new MedsocException(AuditErrorCode.INVALID_AUDIT_QUERY,
                    "offset must be at least 0 and limit 1 to " + MAX_LIMIT + "; were " + offset + " and " + limit);
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new MedsocException(AuditErrorCode.INVALID_AUDIT_QUERY,
                    "the time range is empty: from " + from.get() + " is not before to " + to.get());
        }
    }

    /** The newest {@code limit} records of these tenants (no global records), unfiltered otherwise. */
    public static AuditQuery of(Set<TenantId> tenants, int limit) {
        return new AuditQuery(tenants, false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                0, limit);
    }
}
