package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.error.MedsocException;

/**
 * A vendor's product and the affected version range, for advisories that name products rather than CPEs (vendor
 * bulletins, national advisories).
 *
 * @param vendor the vendor, matched ignoring case and treating spaces, '-' and '_' alike
 * @param product the product, matched the same way
 * @param range the affected versions
 */
public record AffectedProduct(String vendor, String product, VersionRange range) implements Affected {
    /** Validates the values. */
    public AffectedProduct {
        requireNonNull(vendor, "vendor is null");
        requireNonNull(product, "product is null");
        requireNonNull(range, "range is null");
        if (vendor.isBlank() || product.isBlank()) {
            throw new MedsocException(FindingsErrorCode.INVALID_ADVISORY,
                    "an affected product needs a vendor and a product name, was '" + vendor + "', '" + product + "'");
        }
    }
}
