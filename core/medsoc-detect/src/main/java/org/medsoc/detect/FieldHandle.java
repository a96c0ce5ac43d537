package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * A field name a compiled rule reads, resolved once to the JVM's interned {@link Field} so that evaluation does not
 * look names up per event. Parsers may declare or intern a field after the rules compiled, so an unknown name is
 * looked up again on each use until it resolves; a resolved name stays resolved (interned fields are never removed).
 * Races are benign: every thread resolves to the same immutable {@link Field}. Thread-safe.
 */
public final class FieldHandle {
    private final String name;
    private @Nullable Field field;

    /** A handle for the (mapped) field name {@code name}. */
    public FieldHandle(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    /** The field name. */
    public String name() {
        return name;
    }

    /** The interned field of this name, or null while no field of this name exists in the JVM. */
    public @Nullable Field resolve() {
        Field f = field;
        if (f == null) {
            f = Fields.find(name).orElse(null);
            if (f != null) {
                field = f;
            }
        }
        return f;
    }

    @Override
    public String toString() {
        return name;
    }
}
