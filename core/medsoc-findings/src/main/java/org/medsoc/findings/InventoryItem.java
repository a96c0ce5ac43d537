package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.medsoc.spi.event.TenantId;

/**
 * The view of one asset advisory matching needs, independent of how the asset inventory stores it.
 *
 * @param tenant the tenant owning the asset
 * @param assetId the asset's id in the inventory
 * @param name a display name (host name, device model)
 * @param cpes CPE 2.3 formatted strings of what runs on it (operating system, applications, firmware)
 * @param products products known by vendor, name and version
 */
public record InventoryItem(TenantId tenant, String assetId, String name, List<String> cpes, List<Product> products) {
    /** Validates the values. */
    public InventoryItem {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(assetId, "assetId is null");
        requireNonNull(name, "name is null");
        cpes = List.copyOf(requireNonNull(cpes, "cpes is null"));
        products = List.copyOf(requireNonNull(products, "products is null"));
    }
}
