package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

/**
 * A product installed on an asset, as the inventory knows it.
 *
 * @param vendor the vendor
 * @param product the product name
 * @param version the installed version
 */
public record Product(String vendor, String product, String version) {
    /** Validates the values. */
    public Product {
        requireNonNull(vendor, "vendor is null");
        requireNonNull(product, "product is null");
        requireNonNull(version, "version is null");
    }
}
