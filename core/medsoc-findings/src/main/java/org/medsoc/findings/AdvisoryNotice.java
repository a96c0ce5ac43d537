package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * A tenant's notice that an advisory affects some of its assets.
 *
 * @param id the notice id
 * @param tenant the tenant
 * @param advisoryId the advisory
 * @param assets the affected assets with the reason for each
 * @param state NEW or ACKNOWLEDGED
 * @param createdAt when the notice was raised
 * @param acknowledgedBy who acknowledged it
 * @param acknowledgedAt when
 */
public record AdvisoryNotice(long id, TenantId tenant, String advisoryId, List<AssetMatch> assets, NoticeState state,
        Instant createdAt, Optional<Actor> acknowledgedBy, Optional<Instant> acknowledgedAt) {
    /** Validates the values. */
    public AdvisoryNotice {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(advisoryId, "advisoryId is null");
        assets = List.copyOf(requireNonNull(assets, "assets is null"));
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(acknowledgedBy, "acknowledgedBy is null");
        requireNonNull(acknowledgedAt, "acknowledgedAt is null");
    }
}
