package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medsoc.spi.error.MedsocException;

/**
 * How alerts of one tenant are grouped into incidents: an alert joins an open incident of the same rule with the
 * same primary entity (the first present of {@link Grouping#keyFields()}) if its time is within {@link
 * Grouping#window()} of the incident's alerts; otherwise it opens a new incident. Rules may override the default.
 *
 * @param defaults the grouping of rules without an override
 * @param byRule overrides per rule id
 */
public record GroupingPolicy(Grouping defaults, Map<String, Grouping> byRule) {
    /** The default key fields: host, then destination address, then user, then source address. */
    public static final List<EntityField> DEFAULT_KEY_FIELDS = List.of(EntityField.HOST_NAME,
            EntityField.DESTINATION_IP, EntityField.USER_NAME, EntityField.SOURCE_IP);

    /** Copies the overrides. */
    public GroupingPolicy {
        requireNonNull(defaults, "defaults is null");
        byRule = Map.copyOf(byRule);
    }

    /**
     * One grouping rule.
     *
     * @param window how far from the incident's first/last alert a new alert may be and still join (1 min to 30 days)
     * @param keyFields the entity fields tried in order for the primary entity; empty groups by rule only
     * @param separate never group: every alert of the rule opens its own incident (window and key fields unused)
     */
    public record Grouping(Duration window, List<EntityField> keyFields, boolean separate) {
        /** Validates the values. */
        public Grouping {
            requireNonNull(window, "window is null");
            keyFields = List.copyOf(keyFields);
            if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(30)) > 0) {
                throw new MedsocException(IncidentErrorCode.INVALID_POLICY,
                        "grouping window must be between 1 minute and 30 days, was " + window);
            }
        }

        /** Grouping within {@code window} by the first present of {@code keyFields}. */
        public Grouping(Duration window, List<EntityField> keyFields) {
            this(window, keyFields, false);
        }

        /** No grouping: every alert opens its own incident. */
        public static Grouping never() {
            return new Grouping(Duration.ofMinutes(1), List.of(), true);
        }
    }

    /** One hour, default key fields, no overrides. */
    public static GroupingPolicy standard() {
        return new GroupingPolicy(new Grouping(Duration.ofHours(1), DEFAULT_KEY_FIELDS), Map.of());
    }

    /** This policy with an override for one rule. */
    public GroupingPolicy withRule(String ruleId, Grouping grouping) {
        Map<String, Grouping> m = new HashMap<>(byRule);
        m.put(requireNonNull(ruleId, "ruleId is null"), requireNonNull(grouping, "grouping is null"));
        return new GroupingPolicy(defaults, m);
    }

    /** This policy with a rule whose alerts never group: each opens its own incident. */
    public GroupingPolicy separate(String ruleId) {
        return withRule(ruleId, Grouping.never());
    }

    /** The grouping that applies to a rule. */
    public Grouping forRule(String ruleId) {
        return byRule.getOrDefault(ruleId, defaults);
    }

    /**
     * The grouping key of an alert: {@code <rule id>|<field>=<value>} for the first present key field, or {@code
     * <rule id>|*} when none is present; {@code <rule id>|#<alert id>} for a rule that never groups (alert ids are
     * unique per tenant, so no other alert has that key). The tenant is a separate column.
     */
    public String keyOf(AlertRecord alert) {
        Grouping g = forRule(alert.ruleId());
        if (g.separate()) {
            String key = alert.ruleId() + "|#" + alert.alertId();
            return key.length() <= 1000 ? key : key.substring(0, 1000);
        }
        for (EntityField f : g.keyFields()) {
            String v = alert.entities().get(f);
            if (v != null) {
                String key = alert.ruleId() + "|" + f.fieldName() + "=" + v;
                return key.length() <= 1000 ? key : key.substring(0, 1000);
            }
        }
        return alert.ruleId() + "|*";
    }
}
