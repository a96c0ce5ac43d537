package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Sigma meta filter: a detection block that suppresses matches of the rules it names. A named rule matches only if
 * its own condition holds and the filter's condition does not.
 *
 * @param id the filter's id, or null
 * @param name the filter's name, or null
 * @param title the title
 * @param description free text, or null
 * @param logsource the log source; the filter applies to a named rule only when every part it gives equals the rule's
 * @param rules ids or names of the rules the filter applies to
 * @param detection the filter's search identifiers and condition (as written under {@code filter:})
 * @param origin where the filter came from
 */
public record SigmaFilter(
        @Nullable String id,
        @Nullable String name,
        String title,
        @Nullable String description,
        SigmaRule.LogSource logsource,
        List<String> rules,
        SigmaRule.Detection detection,
        String origin) implements SigmaDocument {

    /** Creates a filter; lists are copied. */
    public SigmaFilter {
        requireNonNull(title, "title is null");
        requireNonNull(logsource, "logsource is null");
        requireNonNull(detection, "detection is null");
        requireNonNull(origin, "origin is null");
        rules = List.copyOf(rules);
    }

    /** Whether the filter's log source is compatible with {@code rule}'s: each part the filter gives is equal. */
    public boolean appliesToLogSource(SigmaRule rule) {
        SigmaRule.LogSource r = rule.logsource();
        return same(logsource.product(), r.product()) && same(logsource.category(), r.category())
                && same(logsource.service(), r.service());
    }

    private static boolean same(@Nullable String filter, @Nullable String rule) {
        return filter == null || filter.equalsIgnoreCase(String.valueOf(rule));
    }
}
