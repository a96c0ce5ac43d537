package org.medsoc.spi.event;

import static java.util.Objects.requireNonNull;

/**
 * An interned field name: a small dense {@code id}, its dotted {@code name} and its {@link FieldType}.
 * Obtain instances from {@link Fields}; two fields with the same name are the same object.
 */
public final class Field {
    private final int id;
    private final String name;
    private final FieldType type;

    Field(int id, String name, FieldType type) {
        this.id = id;
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
    }

    /** Dense id, 0-based, stable for the life of the JVM (not across restarts). */
    public int id() {
        return id;
    }

    /** Dotted name, ECS-aligned where ECS has one (for example {@code source.ip}). */
    public String name() {
        return name;
    }

    /** How values of this field are indexed. */
    public FieldType type() {
        return type;
    }

    @Override
    public String toString() {
        return name;
    }
}
