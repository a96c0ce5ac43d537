package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Sigma correlation rule (meta rule): relates matches of other rules or correlations within a timespan, per group.
 *
 * @param id the correlation's id, or null
 * @param name its name (how other correlations may reference it), or null
 * @param title the title
 * @param status e.g. {@code test}, or null
 * @param level the severity of a correlation match, or null
 * @param description free text, or null
 * @param tags tags
 * @param falsepositives known false positives
 * @param type what is correlated
 * @param rules ids or names of the referenced rules or correlations, in order (the order matters for
 *     {@link Type#TEMPORAL_ORDERED})
 * @param groupBy fields (or aliases) whose values must be equal within a group; may be empty (one global group)
 * @param timespanMillis the window, in milliseconds
 * @param condition when the aggregate matches; for temporal types without a written condition, all rules
 * @param aliases per alias name, the field to read for each referenced rule name
 * @param generate whether the referenced rules also raise their own alerts
 * @param origin where the correlation came from
 */
public record SigmaCorrelation(
        @Nullable String id,
        @Nullable String name,
        String title,
        @Nullable String status,
        @Nullable String level,
        @Nullable String description,
        List<String> tags,
        List<String> falsepositives,
        Type type,
        List<String> rules,
        List<String> groupBy,
        long timespanMillis,
        Condition condition,
        Map<String, Map<String, String>> aliases,
        boolean generate,
        String origin) implements SigmaDocument {

    /** Creates a correlation; collections are copied. */
    public SigmaCorrelation {
        requireNonNull(title, "title is null");
        requireNonNull(type, "type is null");
        requireNonNull(condition, "condition is null");
        requireNonNull(origin, "origin is null");
        tags = List.copyOf(tags);
        falsepositives = List.copyOf(falsepositives);
        rules = List.copyOf(rules);
        groupBy = List.copyOf(groupBy);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        aliases.forEach((alias, byRule) -> copy.put(alias, Collections.unmodifiableMap(new LinkedHashMap<>(byRule))));
        aliases = Collections.unmodifiableMap(copy);
        if (timespanMillis <= 0) {
            throw new IllegalArgumentException("timespanMillis must be positive: " + timespanMillis);
        }
    }

    /** The correlation types of the Sigma correlation specification 2.1. */
    public enum Type {
        /** Number of matching events. */
        EVENT_COUNT,
        /** Number of distinct values of the condition's field(s). */
        VALUE_COUNT,
        /** Number of distinct referenced rules that matched (all of them by default). */
        TEMPORAL,
        /** Like {@link #TEMPORAL}, and the rules matched in the order given. */
        TEMPORAL_ORDERED,
        /** Sum of the condition's numeric field. */
        VALUE_SUM,
        /** Average of the condition's numeric field. */
        VALUE_AVG,
        /**
         * Share in percent (0–100) of the group's events in the window whose condition field has the value of the
         * current event; {@code lte: 1} finds values seen in at most 1 % of the events (rarity).
         */
        VALUE_PERCENTILE;

        /** The name used in YAML, e.g. {@code event_count}. */
        public String sigmaName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the condition needs a {@code field}. */
        public boolean needsField() {
            return switch (this) {
                case VALUE_COUNT, VALUE_SUM, VALUE_AVG, VALUE_PERCENTILE -> true;
                case EVENT_COUNT, TEMPORAL, TEMPORAL_ORDERED -> false;
            };
        }
    }

    /** A comparison operator of a correlation condition. */
    public enum Operator {
        /** Greater than. */
        GT,
        /** Greater than or equal. */
        GTE,
        /** Less than. */
        LT,
        /** Less than or equal. */
        LTE,
        /** Equal. */
        EQ,
        /** Not equal. */
        NEQ;

        /** Whether {@code actual} compares to {@code bound} as this operator says. */
        public boolean test(double actual, double bound) {
            return switch (this) {
                case GT -> actual > bound;
                case GTE -> actual >= bound;
                case LT -> actual < bound;
                case LTE -> actual <= bound;
                case EQ -> actual == bound;
                case NEQ -> actual != bound;
            };
        }
    }

    /** One criterion, e.g. {@code gte: 10}. */
    public record Bound(Operator operator, double value) {
        /** Creates a bound. */
        public Bound {
            requireNonNull(operator, "operator is null");
        }
    }

    /**
     * The condition: bounds AND-ed, and the field(s) the value types aggregate (several fields of
     * {@code value_count} form one combined value).
     */
    public record Condition(List<Bound> bounds, List<String> fields) {
        /** Creates a condition; lists are copied. */
        public Condition {
            bounds = List.copyOf(bounds);
            fields = List.copyOf(fields);
        }

        /** Whether {@code aggregate} satisfies every bound. */
        public boolean test(double aggregate) {
            for (Bound b : bounds) {
                if (!b.operator().test(aggregate, b.value())) {
                    return false;
                }
            }
            return true;
        }
    }
}
