package org.medsoc.detect.mapping;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * A field name resolved lazily to the JVM's {@link Field}: parsers declare most fields when they load, which may be
 * after the mappings; until then no event can carry the field. Resolving never registers a name (registering one as
 * KEYWORD could clash with a parser declaring it later with another type). Races are benign: every thread resolves
 * to the same immutable {@link Field}.
 */
final class FieldReference {
    private final String name;
    private @Nullable Field field;

    FieldReference(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    String name() {
        return name;
    }

    @Nullable Field resolve() {
        Field f = field;
        if (f == null) {
            f = Fields.find(name).orElse(null);
            field = f;
        }
        return f;
    }
}
