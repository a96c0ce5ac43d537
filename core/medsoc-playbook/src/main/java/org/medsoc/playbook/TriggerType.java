package org.medsoc.playbook;

import java.util.Optional;

/** What starts a playbook, by its YAML name. */
public enum TriggerType {
    /** A new incident was opened. */
    INCIDENT_OPENED("incident.opened"),
    /** An incident was escalated. */
    INCIDENT_ESCALATED("incident.escalated"),
    /** An incident missed an SLA deadline. */
    INCIDENT_SLA_BREACHED("incident.sla_breached"),
    /** An alert was raised, optionally filtered by rule id and minimum level. */
    ALERT("alert"),
    /** The hub (health authority) sent a warning. */
    HUB_WARNING("hub.warning"),
    /** A schedule: an interval or a cron expression. */
    SCHEDULE("schedule"),
    /** Started by a person or by medsoc itself (automatic unblock runs). */
    MANUAL("manual");

    private final String yamlName;

    TriggerType(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in YAML, for example {@code incident.opened}. */
    public String yamlName() {
        return yamlName;
    }

    /** The type with this YAML name. */
    public static Optional<TriggerType> fromYamlName(String name) {
        for (TriggerType t : values()) {
            if (t.yamlName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
