package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * An alert as the incident intake sees it: the rule that fired, the matched event and the entities involved. The
 * pipeline builds one per stored alert (see {@link #builder(TenantId, String, Instant, String)}).
 *
 * @param tenant the tenant the alert belongs to
 * @param alertId the stored alert's id (stable across replays: event id + rule id)
 * @param time when the matched activity happened
 * @param ruleId the rule id
 * @param ruleTitle the rule title
 * @param level the Sigma level, lowercase ({@code informational|low|medium|high|critical})
 * @param severity the 0-100 severity score
 * @param tags ATT&CK and other tags of the rule
 * @param matchedEventId the id of the event that matched (for a correlation, the last one)
 * @param entities the entity values present on the alert
 * @param assetIds asset ids the enrichment resolved, if any
 * @param memberEventIds for a correlation alert, the ids of all member events; empty otherwise
 */
public record AlertRecord(
        TenantId tenant,
        String alertId,
        Instant time,
        String ruleId,
        String ruleTitle,
        String level,
        int severity,
        List<String> tags,
        String matchedEventId,
        Map<EntityField, String> entities,
        List<String> assetIds,
        List<String> memberEventIds) {

    /** Validates and copies the values. */
    public AlertRecord {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(alertId, "alertId is null");
        requireNonNull(time, "time is null");
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(ruleTitle, "ruleTitle is null");
        requireNonNull(level, "level is null");
        requireNonNull(matchedEventId, "matchedEventId is null");
        check(!alertId.isBlank() && alertId.length() <= 300, "alert id must be 1 to 300 characters: " + alertId);
        check(!ruleId.isBlank() && ruleId.length() <= 200, "rule id must be 1 to 200 characters: " + ruleId);
        check(severity >= 0 && severity <= 100, "severity must be 0 to 100, was " + severity);
        level = level.toLowerCase(Locale.ROOT);
        tags = List.copyOf(tags);
        assetIds = List.copyOf(assetIds);
        memberEventIds = List.copyOf(memberEventIds);
        EnumMap<EntityField, String> copy = new EnumMap<>(EntityField.class);
        for (Map.Entry<EntityField, String> e : entities.entrySet()) {
            String v = requireNonNull(e.getValue(), "entity value is null").strip();
            if (!v.isEmpty()) {
                copy.put(e.getKey(), v);
            }
        }
        entities = Map.copyOf(copy);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new MedsocException(IncidentErrorCode.INVALID_ALERT, message);
        }
    }

    /** The value of an entity field, if present and not blank. */
    public Optional<String> entity(EntityField field) {
        return Optional.ofNullable(entities.get(field));
    }

    /** The incident severity this alert stands for. */
    public Severity incidentSeverity() {
        return Severity.ofAlert(level, severity);
    }

    /** Starts an alert with its identity; the rest defaults to empty / medium. */
    public static Builder builder(TenantId tenant, String alertId, Instant time, String ruleId) {
        return new Builder(tenant, alertId, time, ruleId);
    }

    /** Builds an {@link AlertRecord}. */
    public static final class Builder {
        private final TenantId tenant;
        private final String alertId;
        private final Instant time;
        private final String ruleId;
        private String ruleTitle;
        private String level = "medium";
        private int severity = 47;
        private final List<String> tags = new ArrayList<>();
        private String matchedEventId = "";
        private final EnumMap<EntityField, String> entities = new EnumMap<>(EntityField.class);
        private final List<String> assetIds = new ArrayList<>();
        private final List<String> memberEventIds = new ArrayList<>();

        private Builder(TenantId tenant, String alertId, Instant time, String ruleId) {
            this.tenant = tenant;
            this.alertId = alertId;
            this.time = time;
            this.ruleId = ruleId;
            this.ruleTitle = ruleId;
        }

        /** The rule title. */
        public Builder ruleTitle(String value) {
            this.ruleTitle = value;
            return this;
        }

        /** The Sigma level and the 0-100 score. */
        public Builder level(String value, int score) {
            this.level = value;
            this.severity = score;
            return this;
        }

        /** Adds tags. */
        public Builder tags(String... values) {
            tags.addAll(List.of(values));
            return this;
        }

        /** The matched event id. */
        public Builder matchedEventId(String value) {
            this.matchedEventId = value;
            return this;
        }

        /** Sets an entity value. */
        public Builder entity(EntityField field, String value) {
            entities.put(field, value);
            return this;
        }

        /** Adds known asset ids. */
        public Builder assetIds(String... values) {
            assetIds.addAll(List.of(values));
            return this;
        }

        /** Adds correlation member event ids. */
        public Builder memberEventIds(String... values) {
            memberEventIds.addAll(List.of(values));
            return this;
        }

        /** The alert. */
        public AlertRecord build() {
            return new AlertRecord(tenant, alertId, time, ruleId, ruleTitle, level, severity, tags,
                    matchedEventId.isEmpty() ? alertId : matchedEventId, entities, assetIds, memberEventIds);
        }
    }
}
