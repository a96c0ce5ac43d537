package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/** What starts a playbook. */
public sealed interface Trigger permits Trigger.OnEvent, Trigger.OnAlert, Trigger.OnSchedule, Trigger.Manual {

    /** The trigger's type. */
    TriggerType type();

    /** Whether an event of the given type and payload starts the playbook (before its conditions). */
    boolean matches(TriggerType eventType, JsonNode payload);

    /** An incident event or a hub warning. */
    record OnEvent(TriggerType type) implements Trigger {
        /** Checks the type is an event type. */
        public OnEvent {
            requireNonNull(type, "type is null");
            if (type == TriggerType.ALERT || type == TriggerType.SCHEDULE || type == TriggerType.MANUAL) {
                throw new IllegalArgumentException(type + " has its own trigger record");
            }
        }

        @Override
        public boolean matches(TriggerType eventType, JsonNode payload) {
            return eventType == type;
        }
    }

    /**
     * An alert, optionally only of one rule ({@code alert.rule_id} in the payload) and at or above a level ({@code
     * alert.level}).
     */
    record OnAlert(Optional<String> ruleId, Optional<AlertLevel> minLevel) implements Trigger {
        /** Checks the parts. */
        public OnAlert {
            requireNonNull(ruleId, "ruleId is null");
            requireNonNull(minLevel, "minLevel is null");
        }

        @Override
        public TriggerType type() {
            return TriggerType.ALERT;
        }

        @Override
        public boolean matches(TriggerType eventType, JsonNode payload) {
            if (eventType != TriggerType.ALERT) {
                return false;
            }
            JsonNode alert = payload.path("alert");
            if (ruleId.isPresent() && !ruleId.get().equals(alert.path("rule_id").asText())) {
                return false;
            }
            if (minLevel.isPresent()) {
                Optional<AlertLevel> level = AlertLevel.parse(alert.path("level").asText());
                return level.isPresent() && level.get().compareTo(minLevel.get()) >= 0;
            }
            return true;
        }
    }

    /** A schedule: every {@code interval}, or at the minutes a {@link Cron} expression selects. */
    record OnSchedule(Optional<Duration> interval, Optional<Cron> cron) implements Trigger {
        /** Checks exactly one of interval and cron is present. */
        public OnSchedule {
            requireNonNull(interval, "interval is null");
            requireNonNull(cron, "cron is null");
            if (interval.isPresent() == cron.isPresent()) {
                throw new IllegalArgumentException("a schedule has either an interval or a cron expression");
            }
        }

        @Override
        public TriggerType type() {
            return TriggerType.SCHEDULE;
        }

        @Override
        public boolean matches(TriggerType eventType, JsonNode payload) {
            return eventType == TriggerType.SCHEDULE;
        }
    }

    /** Started explicitly. */
    record Manual() implements Trigger {
        @Override
        public TriggerType type() {
            return TriggerType.MANUAL;
        }

        @Override
        public boolean matches(TriggerType eventType, JsonNode payload) {
            return eventType == TriggerType.MANUAL;
        }
    }
}
