package org.medsoc.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import org.medsoc.detect.EventView;
import org.medsoc.detect.FieldHandle;

/** Matchers over one field (or all values for keywords). */
public final class FieldMatchers {
    private FieldMatchers() {}

    private static boolean anyMatches(List<String> values, ValueMatcher matcher) {
        for (int i = 0, n = values.size(); i < n; i++) {
            if (matcher.matches(values.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean check(List<String> values, ValueMatcher[] matchers, boolean all) {
        if (values.isEmpty()) {
            return false;
        }
        if (all) {
            for (ValueMatcher m : matchers) {
                if (!anyMatches(values, m)) {
                    return false;
                }
            }
            return true;
        }
        for (ValueMatcher m : matchers) {
            if (anyMatches(values, m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatches(EventView event, FieldHandle field, int count, ValueMatcher matcher) {
        for (int i = 0; i < count; i++) {
            if (matcher.matches(event.valueAt(field, i))) {
                return true;
            }
        }
        return false;
    }

    /** The field's values against the matchers (all of them with {@code all}, else any), without allocating. */
    private static boolean check(EventView event, FieldHandle field, ValueMatcher[] matchers, boolean all) {
        int count = event.valueCount(field);
        if (count == 0) {
            return false;
        }
        if (count == 1) {
            String value = event.valueAt(field, 0);
            for (ValueMatcher m : matchers) {
                if (m.matches(value) != all) {
                    return !all;
                }
            }
            return all;
        }
        for (ValueMatcher m : matchers) {
            if (anyMatches(event, field, count, m) != all) {
                return !all;
            }
        }
        return all;
    }

    /** Any-of literals of a value list: with {@code all}, its longest literal; otherwise every value's literal, if all have one. */
    private static java.util.@org.jspecify.annotations.Nullable Set<String> anyOf(ValueMatcher[] matchers, boolean all) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        String longest = null;
        for (ValueMatcher m : matchers) {
            String literal = m.requiredLiteral();
            if (literal == null || literal.isEmpty()) {
                if (!all) {
                    return null;
                }
                continue;
            }
            out.add(literal);
            if (longest == null || literal.length() > longest.length()) {
                longest = literal;
            }
        }
        if (all) {
            return longest == null ? null : java.util.Set.of(longest);
        }
        return out.isEmpty() ? null : out;
    }

    private static List<String> literals(ValueMatcher[] matchers, boolean all) {
        List<String> out = new ArrayList<>();
        if (all || matchers.length == 1) {
            for (ValueMatcher m : matchers) {
                String literal = m.requiredLiteral();
                if (literal != null) {
                    out.add(literal);
                }
            }
        }
        return out;
    }

    /** A field's values against value matchers, OR-ed (or AND-ed with {@code all}); absent field never matches. */
    public record Field(FieldHandle field, ValueMatcher[] matchers, boolean all) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            return check(event, field, matchers, all);
        }

        @Override
        public List<String> requiredLiterals() {
            return literals(matchers, all);
        }

        @Override
        public java.util.@org.jspecify.annotations.Nullable Set<String> anyOfLiterals() {
            return anyOf(matchers, all);
        }
    }

    /** {@code neq}: the field is present and no value matches any of the values. */
    public record NotEqual(FieldHandle field, ValueMatcher[] matchers) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            return event.valueCount(field) > 0 && !check(event, field, matchers, false);
        }
    }

    /** A keyword search over every value of the event. */
    public record Keywords(ValueMatcher[] matchers, boolean all) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            return check(event.allValues(), matchers, all);
        }

        @Override
        public List<String> requiredLiterals() {
            return literals(matchers, all);
        }

        @Override
        public java.util.@org.jspecify.annotations.Nullable Set<String> anyOfLiterals() {
            return anyOf(matchers, all);
        }
    }

    /** {@code field: null}: the field is absent (or null). */
    public record IsNull(FieldHandle field) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            return event.valueCount(field) == 0;
        }
    }

    /** {@code field|exists: true/false}. */
    public record Exists(FieldHandle field, boolean expected) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            return (event.valueCount(field) > 0) == expected;
        }
    }

    /** Position of a field reference comparison. */
    public enum RefMode {
        EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH
    }

    /** {@code field|fieldref: other}: compares a field's values to another field's values at match time. */
    public record FieldRef(FieldHandle field, FieldHandle other, RefMode mode, boolean cased, boolean negated)
            implements Matcher {
        @Override
        public boolean matches(EventView event) {
            int left = event.valueCount(field);
            int right = event.valueCount(other);
            if (left == 0 || right == 0) {
                return false;
            }
            boolean hit = false;
            for (int i = 0; i < left && !hit; i++) {
                for (int j = 0; j < right && !hit; j++) {
                    hit = compare(event.valueAt(field, i), event.valueAt(other, j));
                }
            }
            return hit != negated;
        }

        private boolean compare(String value, String reference) {
            int rl = reference.length();
            return switch (mode) {
                case EQUALS -> value.length() == rl && value.regionMatches(!cased, 0, reference, 0, rl);
                case STARTS_WITH -> value.regionMatches(!cased, 0, reference, 0, rl);
                case ENDS_WITH -> value.length() >= rl && value.regionMatches(!cased, value.length() - rl, reference, 0, rl);
                case CONTAINS -> new StringMatchers.Contains(reference, cased).matches(value);
            };
        }
    }
}
