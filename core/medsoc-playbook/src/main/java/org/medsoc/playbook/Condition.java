package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import org.medsoc.spi.error.MedsocException;

/**
 * A comparison of one value of the run context with constants, for example {@code trigger.incident.severity in
 * [high, critical]}. A path that is not defined makes the condition false.
 *
 * @param field the dotted path, starting with {@code trigger} or {@code steps}
 * @param operator the comparison
 * @param values the constants (one for all but {@code in}); strings, numbers or booleans
 */
public record Condition(String field, Operator operator, List<Object> values) {
    /** The comparisons. */
    public enum Operator {
        /** Equal to the constant (numbers compare by value, text exactly). */
        EQUALS,
        /** Equal to one of the constants. */
        IN,
        /** A number greater than or equal to the constant. */
        GTE,
        /** Text containing the constant, or an array holding an element equal to it. */
        CONTAINS
    }

    /** Checks the parts. */
    public Condition {
        requireNonNull(field, "field is null");
        requireNonNull(operator, "operator is null");
        values = List.copyOf(requireNonNull(values, "values is null"));
    }

    /** Whether the condition holds in the context. */
    public boolean test(JsonNode context) {
        JsonNode value;
        try {
            value = Template.resolve(context, List.of(field.split("\\.", -1)));
        } catch (MedsocException e) {
            return false;
        }
        return switch (operator) {
            case EQUALS -> matches(value, values.get(0));
            case IN -> values.stream().anyMatch(v -> matches(value, v));
            case GTE -> {
                BigDecimal actual = number(value);
                BigDecimal bound = number(values.get(0));
                yield actual != null && bound != null && actual.compareTo(bound) >= 0;
            }
            case CONTAINS -> {
                Object wanted = values.get(0);
                if (value.isArray()) {
                    for (JsonNode element : value) {
                        if (matches(element, wanted)) {
                            yield true;
                        }
                    }
                    yield false;
                }
                yield value.isValueNode() && value.asText().contains(String.valueOf(wanted));
            }
        };
    }

    private static boolean matches(JsonNode value, Object constant) {
        if (constant instanceof Number || constant instanceof BigDecimal) {
            BigDecimal a = number(value);
            BigDecimal b = number(constant);
            return a != null && b != null && a.compareTo(b) == 0;
        }
        if (constant instanceof Boolean b) {
            return value.isBoolean() ? value.booleanValue() == b : value.asText().equals(b.toString());
        }
        return value.isValueNode() && value.asText().equals(String.valueOf(constant));
    }

    private static @org.jspecify.annotations.Nullable BigDecimal number(Object o) {
        try {
            if (o instanceof JsonNode n) {
                if (n.isNumber()) {
                    return n.decimalValue();
                }
                return n.isTextual() ? new BigDecimal(n.textValue().strip()) : null;
            }
            return new BigDecimal(o.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return field + " " + operator.name().toLowerCase(java.util.Locale.ROOT) + " " + values;
    }
}
