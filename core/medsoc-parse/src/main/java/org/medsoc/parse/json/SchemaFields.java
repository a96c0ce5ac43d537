package org.medsoc.parse.json;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * Declares the schema fields the payload parsers fill beyond the SPI's constants. A name another component already
 * interned with another type keeps that type (values are strings either way), so the order in which parsers are
 * loaded cannot break class initialisation.
 */
public final class SchemaFields {
    /** Registry size above which {@link #dynamic} interns no new names. */
    public static final int DYNAMIC_LIMIT = Fields.MAX_FIELDS / 2;

    private SchemaFields() {}

    /** The field of this name, declared with {@code type} unless it already exists with another type. */
    public static Field declare(String name, FieldType type) {
        Field existing = Fields.find(name).orElse(null);
        if (existing != null) {
            return existing;
        }
        try {
            return Fields.declare(name, type);
        } catch (IllegalArgumentException raced) {
            // interned concurrently with another type; invalid names still fail below
            return Fields.find(name).orElseThrow(() -> raced);
        }
    }

    /**
     * Interns a name taken from a payload (JSON keys, EventData names): the existing field, else a new keyword field
     * while the registry is below half of {@link Fields#MAX_FIELDS}, else null (the value is then dropped;
     * the original keeps it). The headroom keeps hostile or fuzzed input with endless distinct keys from using up
     * the names that schema declarations and other parsers still need.
     */
    public static @Nullable Field dynamic(String name) {
        Field existing = Fields.find(name).orElse(null);
        if (existing != null) {
            return existing;
        }
        if (Fields.size() >= DYNAMIC_LIMIT) {
            return null;
        }
        return Fields.intern(name);
    }

    /** The {@link FieldType#KEYWORD} field of this name (or the existing field of any type). */
    public static Field keyword(String name) {
        return declare(name, FieldType.KEYWORD);
    }
}
