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
     */
    public record Grouping(Duration window, List<EntityField> keyFields) {
        /** Validates the values. */
        public Grouping {
            requireNonNull(window, "window is null");
            keyFields = List.copyOf(keyFields);
            if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(30)) > 0) {
                throw new MedsocException(IncidentErrorCode.INVALID_POLICY,
                        "grouping window must be between 1 minute and 30 days, was " + window);
            }
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

    /** The grouping that applies to a rule. */
    public Grouping forRule(String ruleId) {
        return byRule.getOrDefault(ruleId, defaults);
    }

    /**
     * The grouping key of an alert: {@code <rule id>|<field>=<value>} for the first present key field, or {@code
     * <rule id>|*} when none is present. The tenant is a separate column.
     */
    public String keyOf(AlertRecord alert) {
        Grouping g = forRule(alert.ruleId());
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
