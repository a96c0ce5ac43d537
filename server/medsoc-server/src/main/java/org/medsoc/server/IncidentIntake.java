package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.medsoc.incident.AlertRecord;
import org.medsoc.incident.EntityField;
import org.medsoc.incident.IncidentService;
import org.medsoc.ingest.pipeline.AlertSink;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * Hands the alerts of each pipeline batch to incident grouping: an alert event becomes an {@link AlertRecord} with
 * its rule, level, tags, matched event, entities and (for correlations) member events. The incident service is
 * idempotent by alert id, so a replayed batch changes nothing.
 */
final class IncidentIntake implements AlertSink {
    private static final EntityField[] ENTITIES = EntityField.values();
    private final IncidentService incidents;
    private final Field members = Fields.declare("medsoc.alert.members", org.medsoc.spi.event.FieldType.KEYWORD);
    private final Field assetId = Fields.declare("medsoc.asset.id", org.medsoc.spi.event.FieldType.KEYWORD);

    IncidentIntake(IncidentService incidents) {
        this.incidents = requireNonNull(incidents, "incidents is null");
    }

    @Override
    public void accept(List<Event> alerts) {
        List<AlertRecord> records = new ArrayList<>(alerts.size());
        for (Event a : alerts) {
            records.add(record(a));
        }
        incidents.onAlerts(records);
    }

    AlertRecord record(Event a) {
        String ruleId = value(a, Fields.RULE_ID, "unknown-rule");
        AlertRecord.Builder b = AlertRecord.builder(a.tenant(), String.valueOf(a.id()),
                Instant.ofEpochMilli(a.timestamp()), ruleId);
        b.ruleTitle(value(a, Fields.RULE_NAME, ruleId));
        int severity;
        try {
            severity = Integer.parseInt(value(a, Fields.EVENT_SEVERITY, "47"));
        } catch (NumberFormatException e) {
            severity = 47;
        }
        b.level(value(a, Fields.MEDSOC_ALERT_LEVEL, "medium"), Math.max(0, Math.min(100, severity)));
        b.tags(a.values(Fields.TAGS).toArray(String[]::new));
        b.matchedEventId(value(a, Fields.MEDSOC_ALERT_EVENT_ID, String.valueOf(a.id())));
        for (EntityField f : ENTITIES) {
            Fields.find(f.fieldName()).map(a::value).filter(v -> !v.isBlank())
                    .ifPresent(v -> b.entity(f, v));
        }
        List<String> assets = a.values(assetId);
        if (!assets.isEmpty()) {
            b.assetIds(assets.toArray(String[]::new));
        }
        List<String> memberIds = a.values(members);
        if (!memberIds.isEmpty()) {
            b.memberEventIds(memberIds.toArray(String[]::new));
        }
        return b.build();
    }

    private static String value(Event e, Field f, String fallback) {
        String v = e.value(f);
        return v == null || v.isBlank() ? fallback : v;
    }
}
