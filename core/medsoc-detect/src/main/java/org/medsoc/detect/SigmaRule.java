package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed and validated Sigma 2.x detection rule.
 *
 * @param id the rule's UUID, or null when the rule has none
 * @param name the rule's unique human-readable {@code name} (referenced by correlations and filters), or null
 * @param title the title
 * @param status e.g. {@code stable}, {@code test}; null when absent
 * @param level e.g. {@code high}; null when absent
 * @param description free text, null when absent
 * @param tags tags such as {@code attack.t1059.001}
 * @param logsource the log source the rule applies to
 * @param detection the named search identifiers and the condition(s)
 * @param falsepositives known false-positive descriptions
 * @param fields fields the rule suggests showing
 * @param origin where the rule came from (file path or other label)
 */
public record SigmaRule(
        @Nullable String id,
        @Nullable String name,
        String title,
        @Nullable String status,
        @Nullable String level,
        @Nullable String description,
        List<String> tags,
        LogSource logsource,
        Detection detection,
        List<String> falsepositives,
        List<String> fields,
        String origin) implements SigmaDocument {

    /** Creates a rule without a {@code name}; lists are copied. */
    public SigmaRule(@Nullable String id, String title, @Nullable String status, @Nullable String level,
            @Nullable String description, List<String> tags, LogSource logsource, Detection detection,
            List<String> falsepositives, List<String> fields, String origin) {
        this(id, null, title, status, level, description, tags, logsource, detection, falsepositives, fields, origin);
    }

    /** Creates a rule; lists are copied. */
    public SigmaRule {
        requireNonNull(title, "title is null");
        requireNonNull(logsource, "logsource is null");
        requireNonNull(detection, "detection is null");
        requireNonNull(origin, "origin is null");
        tags = List.copyOf(tags);
        falsepositives = List.copyOf(falsepositives);
        fields = List.copyOf(fields);
    }

    /** The {@code logsource} block; every part is optional. */
    public record LogSource(
            @Nullable String product, @Nullable String category, @Nullable String service, @Nullable String definition) {}

    /**
     * The {@code detection} block: search identifiers by name (in document order) and the condition(s); several
     * conditions are OR-ed.
     */
    public record Detection(Map<String, SearchIdentifier> identifiers, List<String> conditions) {
        /** Creates the block; collections are copied preserving order. */
        public Detection {
            identifiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(identifiers));
            conditions = List.copyOf(conditions);
        }
    }

    /** A search identifier: alternatives OR-ed, the items of each alternative AND-ed. */
    public record SearchIdentifier(List<List<DetectionItem>> alternatives) {
        /** Creates the identifier; lists are copied. */
        public SearchIdentifier {
            alternatives = alternatives.stream().map(List::copyOf).toList();
        }
    }

    /**
     * One detection item: a field (null for a keyword search), its modifiers in order, and its values (String,
     * Number, Boolean or null, as written in YAML).
     */
    public record DetectionItem(@Nullable String field, List<String> modifiers, List<@Nullable Object> values) {
        /** Creates the item; lists are copied (values may contain null). */
        public DetectionItem {
            modifiers = List.copyOf(modifiers);
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }
    }
}
