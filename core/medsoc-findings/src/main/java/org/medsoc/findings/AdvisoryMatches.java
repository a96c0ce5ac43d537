package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medsoc.spi.event.TenantId;

/**
 * The assets one advisory affects, one entry per asset, in inventory order.
 *
 * @param advisoryId the advisory
 * @param matches the affected assets
 */
public record AdvisoryMatches(String advisoryId, List<AssetMatch> matches) {
    /** Copies the matches. */
    public AdvisoryMatches {
        requireNonNull(advisoryId, "advisoryId is null");
        matches = List.copyOf(requireNonNull(matches, "matches is null"));
    }

    /** The matches grouped by tenant, tenants in order of their first match; tenants without matches are absent. */
    public Map<TenantId, List<AssetMatch>> byTenant() {
        Map<TenantId, List<AssetMatch>> byTenant = new LinkedHashMap<>();
        for (AssetMatch m : matches) {
            byTenant.computeIfAbsent(m.tenant(), t -> new ArrayList<>()).add(m);
        }
        byTenant.replaceAll((t, l) -> List.copyOf(l));
        return byTenant;
    }
}
