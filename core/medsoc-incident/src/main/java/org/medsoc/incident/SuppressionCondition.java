package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.medsoc.spi.error.MedsocException;

/** One condition of a suppression entry on an entity field of the alert; an absent field never matches. */
public sealed interface SuppressionCondition permits SuppressionCondition.Equals, SuppressionCondition.In,
        SuppressionCondition.Cidr {

    /** The field the condition reads. */
    EntityField field();

    /** Whether the alert satisfies the condition. */
    boolean matches(AlertRecord alert);

    /**
     * The field equals the value exactly.
     *
     * @param field the field
     * @param value the value
     */
    record Equals(EntityField field, String value) implements SuppressionCondition {
        /** Validates the values. */
        public Equals {
            requireNonNull(field, "field is null");
            checkValue(field, requireNonNull(value, "value is null"));
        }

        @Override
        public boolean matches(AlertRecord alert) {
            return value.equals(alert.entities().get(field));
        }
    }

    /**
     * The field equals one of the values exactly.
     *
     * @param field the field
     * @param values 1 to 1,000 values
     */
    record In(EntityField field, List<String> values) implements SuppressionCondition {
        /** Validates and copies the values. */
        public In {
            requireNonNull(field, "field is null");
            values = List.copyOf(values);
            if (values.isEmpty() || values.size() > 1000) {
                throw new MedsocException(IncidentErrorCode.INVALID_SUPPRESSION,
                        "an 'in' condition on " + field.fieldName() + " needs 1 to 1000 values, has " + values.size());
            }
            for (String v : values) {
                checkValue(field, v);
            }
        }

        @Override
        public boolean matches(AlertRecord alert) {
            String v = alert.entities().get(field);
            return v != null && values.contains(v);
        }
    }

    /**
     * The field is an IP address inside the CIDR block ({@code 10.20.0.0/16}, {@code 2001:db8::/32}; a bare address
     * is a /32 or /128).
     *
     * @param field an address field ({@code source.ip} or {@code destination.ip})
     * @param cidr the block
     */
    record Cidr(EntityField field, String cidr) implements SuppressionCondition {
        /** Validates the values; a malformed block fails with a message naming it. */
        public Cidr {
            requireNonNull(field, "field is null");
            requireNonNull(cidr, "cidr is null");
            if (!field.isAddress()) {
                throw new MedsocException(IncidentErrorCode.INVALID_SUPPRESSION, "a cidr condition applies only to "
                        + "source.ip or destination.ip, not " + field.fieldName());
            }
            AddressRange.parse(cidr);
        }

        @Override
        public boolean matches(AlertRecord alert) {
            String v = alert.entities().get(field);
            return v != null && AddressRange.parse(cidr).contains(v);
        }
    }

    private static void checkValue(EntityField field, String value) {
        if (value.isEmpty() || value.length() > 300 || value.indexOf('\n') >= 0) {
            throw new MedsocException(IncidentErrorCode.INVALID_SUPPRESSION, "a value for " + field.fieldName()
                    + " must be 1 to 300 characters without line breaks: '" + value + "'");
        }
    }
}
