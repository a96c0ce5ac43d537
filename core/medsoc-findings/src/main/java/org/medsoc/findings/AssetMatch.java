package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.event.TenantId;

/**
 * An asset an advisory affects, and why.
 *
 * @param tenant the asset's tenant
 * @param assetId the asset's inventory id
 * @param assetName its display name
 * @param matched what on the asset matched: the inventory CPE, or {@code vendor product version}
 * @param version the matched version
 * @param reason a sentence naming the advisory entry and the version range that matched
 */
public record AssetMatch(
        TenantId tenant, String assetId, String assetName, String matched, String version, String reason) {
    /** Validates the values. */
    public AssetMatch {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(assetId, "assetId is null");
        requireNonNull(assetName, "assetName is null");
        requireNonNull(matched, "matched is null");
        requireNonNull(version, "version is null");
        requireNonNull(reason, "reason is null");
    }
}
