package org.medsoc.detect;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a compiled Sigma rule reads from an event: values by the field names the rule uses <em>after</em> field
 * mapping, plus the whole event text for keyword (field-less) search.
 *
 * <p>Implementations adapt a medsoc {@link org.medsoc.spi.event.Event} (through a field mapping) or, in tests and
 * the offline {@code detect} command, a plain JSON object. Values are strings as stored; numeric comparisons parse
 * them.
 */
public interface EventView {
    /** The first value of a field, or null when the event lacks it. */
    @Nullable String value(String field);

    /** All values of a field (empty when absent); multi-valued fields match if any value matches. */
    List<String> values(String field);

    /** Every value of the event, for keyword search (a keyword matches if any value, or the original, matches). */
    List<String> allValues();

    /**
     * How many values a field has (0 when absent); with {@link #valueAt(FieldHandle, int)} the allocation-free way
     * compiled rules read fields. The default reads {@link #values(String)}.
     */
    default int valueCount(FieldHandle field) {
        return values(field.name()).size();
    }

    /** The value at {@code index} ({@code 0 <= index < valueCount(field)}) of a field, in order. */
    default String valueAt(FieldHandle field, int index) {
        return values(field.name()).get(index);
    }
}
