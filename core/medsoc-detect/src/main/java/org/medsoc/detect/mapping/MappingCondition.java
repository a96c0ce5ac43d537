package org.medsoc.detect.mapping;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;

/**
 * A condition over medsoc event fields that selects the events a Sigma log source applies to.
 *
 * <p>In YAML: a map is an AND of its entries, a list is an OR of its elements, {@code not: <condition>} negates,
 * {@code exists: <field>} (or a list of fields, all required) tests presence, and any other key is a field whose
 * value must equal the given scalar or one of the given list of scalars. Comparison is ASCII case-insensitive and
 * considers every value of a multi-valued field. Evaluation allocates nothing.
 */
public sealed interface MappingCondition
        permits MappingCondition.Equals, MappingCondition.Exists, MappingCondition.AllOf, MappingCondition.AnyOf,
                MappingCondition.Not {

    /** Whether the event satisfies the condition. */
    boolean matches(Event event);

    /** A field equals one of several values (ASCII case-insensitive, any value of a multi-valued field). */
    final class Equals implements MappingCondition {
        private final FieldReference field;
        private final String[] values;

        /** Creates the condition; {@code values} must not be empty. */
        public Equals(String field, List<String> values) {
            this.field = new FieldReference(field);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values is empty");
            }
            this.values = values.toArray(String[]::new);
        }

        /** The medsoc field name. */
        public String field() {
            return field.name();
        }

        /** The accepted values. */
        public List<String> values() {
            return List.of(values);
        }

        @Override
        public boolean matches(Event event) {
            Field f = field.resolve();
            if (f == null) {
                return false;
            }
            String first = event.value(f);
            if (first == null) {
                return false;
            }
            if (accepts(first)) {
                return true;
            }
            int id = f.id();
            int n = event.size();
            boolean seenFirst = false;
            for (int i = 0; i < n; i++) {
                if (event.fieldIdAt(i) == id) {
                    if (!seenFirst) {
                        seenFirst = true;
                    } else if (accepts(event.valueAt(i))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean accepts(String value) {
            for (String v : values) {
                if (v.equalsIgnoreCase(value)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return values.length == 1 ? field.name() + "=" + values[0]
                    : field.name() + " in " + String.join("|", values);
        }
    }

    /** A field is present (has at least one value). */
    final class Exists implements MappingCondition {
        private final FieldReference field;

        /** Creates the condition. */
        public Exists(String field) {
            this.field = new FieldReference(field);
        }

        /** The medsoc field name. */
        public String field() {
            return field.name();
        }

        @Override
        public boolean matches(Event event) {
            Field f = field.resolve();
            return f != null && event.has(f);
        }

        @Override
        public String toString() {
            return "exists(" + field.name() + ")";
        }
    }

    /** Every part holds (AND). */
    final class AllOf implements MappingCondition {
        private final MappingCondition[] parts;

        /** Creates the conjunction of a non-empty list of parts. */
        public AllOf(List<MappingCondition> parts) {
            this.parts = parts.toArray(MappingCondition[]::new);
        }

        /** The parts. */
        public List<MappingCondition> parts() {
            return List.of(parts);
        }

        @Override
        public boolean matches(Event event) {
            for (MappingCondition c : parts) {
                if (!c.matches(event)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return join(parts, " AND ");
        }
    }

    /** At least one part holds (OR). */
    final class AnyOf implements MappingCondition {
        private final MappingCondition[] parts;

        /** Creates the disjunction of a non-empty list of parts. */
        public AnyOf(List<MappingCondition> parts) {
            this.parts = parts.toArray(MappingCondition[]::new);
        }

        /** The parts. */
        public List<MappingCondition> parts() {
            return List.of(parts);
        }

        @Override
        public boolean matches(Event event) {
            for (MappingCondition c : parts) {
                if (c.matches(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return join(parts, " OR ");
        }
    }

    /** The negation of a condition. */
    final class Not implements MappingCondition {
        private final MappingCondition negated;

        /** Creates the negation. */
        public Not(MappingCondition negated) {
            this.negated = requireNonNull(negated, "negated is null");
        }

        /** The negated condition. */
        public MappingCondition negated() {
            return negated;
        }

        @Override
        public boolean matches(Event event) {
            return !negated.matches(event);
        }

        @Override
        public String toString() {
            return "NOT " + (negated instanceof Equals || negated instanceof Exists ? negated.toString()
                    : "(" + negated + ")");
        }
    }

    private static String join(MappingCondition[] parts, String operator) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(operator);
            }
            sb.append(parts[i]);
        }
        return sb.append(')').toString();
    }
}
