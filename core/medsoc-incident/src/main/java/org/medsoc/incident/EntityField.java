package org.medsoc.incident;

import java.util.Locale;
import java.util.Optional;

/** The entity fields of an alert that grouping keys and suppression conditions may use. */
public enum EntityField {
    /** {@code host.name}. */
    HOST_NAME("host.name", false),
    /** {@code user.name}. */
    USER_NAME("user.name", false),
    /** {@code source.ip}. */
    SOURCE_IP("source.ip", true),
    /** {@code destination.ip}. */
    DESTINATION_IP("destination.ip", true),
    /** {@code medsoc.business_system}. */
    BUSINESS_SYSTEM("medsoc.business_system", false);

    private final String fieldName;
    private final boolean address;

    EntityField(String fieldName, boolean address) {
        this.fieldName = fieldName;
        this.address = address;
    }

    /** The event field name, e.g. {@code host.name}. */
    public String fieldName() {
        return fieldName;
    }

    /** Whether the field holds an IP address (so CIDR conditions apply). */
    public boolean isAddress() {
        return address;
    }

    /** The field with this event field name or constant name, if any. */
    public static Optional<EntityField> of(String name) {
        for (EntityField f : values()) {
            if (f.fieldName.equals(name) || f.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
