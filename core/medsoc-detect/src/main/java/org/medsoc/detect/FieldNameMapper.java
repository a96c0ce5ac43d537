package org.medsoc.detect;

/** Maps a Sigma field name (as written in a rule) to the name an {@link EventView} knows it by. */
@FunctionalInterface
public interface FieldNameMapper {
    /** The event field name for {@code sigmaField}. */
    String map(String sigmaField);

    /** The mapper that leaves names unchanged. */
    static FieldNameMapper identity() {
        return field -> field;
    }
}
