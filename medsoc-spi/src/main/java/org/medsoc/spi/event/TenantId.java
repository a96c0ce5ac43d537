package org.medsoc.spi.event;

import static java.util.Objects.requireNonNull;

/**
 * The identity of a tenant (a hospital, or a hub customer). Every stored thing belongs to exactly one tenant.
 * Values are lowercase letters, digits, '-' and '_', 1 to 64 characters.
 */
public record TenantId(String value) {
    /** The tenant of a single-hospital node that has not configured tenants. */
    public static final TenantId DEFAULT = new TenantId("default");

    public TenantId {
        requireNonNull(value, "value is null");
        if (value.isEmpty() || value.length() > 64) {
            throw new IllegalArgumentException("tenant id must be 1 to 64 characters: '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw new IllegalArgumentException(
                        "tenant id may hold only a-z, 0-9, '-' and '_': '" + value + "'");
            }
        }
    }

    /** Creates a tenant id from its string form. */
    public static TenantId of(String value) {
        return DEFAULT.value.equals(value) ? DEFAULT : new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
