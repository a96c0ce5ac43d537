package org.medsoc.ingest.pipeline;

import java.util.Locale;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.CompiledRule;
import org.medsoc.detect.CorrelationMatch;
import org.medsoc.detect.SigmaCorrelation;
import org.medsoc.detect.SigmaRule;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * Turns a rule match into an alert: a copy of the matched event (so the alert is searchable by everything the
 * event carried) with {@code event.kind: signal}, the rule's id, title, level and ATT&CK tags, the matched event's
 * id and the fields the rule reads. The alert id is derived from the event id and the rule, so a replayed journal
 * record produces the same alert (written with upsert) instead of a duplicate.
 */
final class Alerts {
    private Alerts() {}

    /** Correlation members: ids of the events that made a correlation fire. */
    static final Field MEMBERS = Fields.declare("medsoc.alert.members", FieldType.KEYWORD);
    /** Correlation group: {@code field=value} per group-by field. */
    static final Field GROUP = Fields.declare("medsoc.alert.group", FieldType.KEYWORD);
    /** The aggregate that met a correlation's condition (count, distinct values, sum, …). */
    static final Field VALUE = Fields.declare("medsoc.alert.value", FieldType.KEYWORD);
    /** Start of a correlation's window (epoch millis). */
    static final Field WINDOW_START = Fields.declare("medsoc.alert.window_start", FieldType.KEYWORD);

    private static final Field[] OWNED = {Fields.EVENT_KIND, Fields.RULE_ID, Fields.RULE_NAME, Fields.RULE_RULESET,
        Fields.MEDSOC_ALERT_LEVEL, Fields.EVENT_SEVERITY, Fields.MEDSOC_ALERT_EVENT_ID, Fields.MESSAGE,
        Fields.MEDSOC_ALERT_MATCHED_FIELDS};

    static Event of(Event matched, CompiledRule compiled) {
        SigmaRule rule = compiled.rule();
        String ruleId = rule.id() != null ? rule.id() : rule.origin();
        Event a = signal(matched, matched.id() + ":" + ruleId, ruleId, rule.title(), rule.level(), rule.tags());
        for (String field : compiled.fields()) {
            a.add(Fields.MEDSOC_ALERT_MATCHED_FIELDS, field);
        }
        return a;
    }

    /**
     * The alert of a correlation that fired on {@code last} (the event completing it): the event's fields (so its
     * entities — host, user, addresses — are there for grouping), the correlation as the rule, the group values and
     * the member event ids. The id is derived from the correlation, its group and its window start, so the same
     * window replayed after a crash gives the same alert.
     */
    static Event of(Event last, CorrelationMatch match) {
        SigmaCorrelation c = match.correlation();
        String ruleId = c.label();
        String id = ruleId + ":" + Long.toString(match.firstMillis(), 36) + ":"
                + Integer.toHexString(match.groupKey().hashCode());
        Event a = signal(last, id, ruleId, c.title(), c.level(), c.tags());
        a.put(Fields.RULE_RULESET, "sigma-correlation");
        a.timestamp(match.lastMillis());
        match.groupKey().forEach((k, v) -> a.add(GROUP, k + "=" + v));
        for (String member : match.memberEventIds()) {
            a.add(MEMBERS, member);
        }
        double v = match.value();
        a.put(VALUE, v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
        a.put(WINDOW_START, Long.toString(match.firstMillis()));
        return a;
    }

    private static Event signal(Event matched, String id, String ruleId, String title, @Nullable String ruleLevel,
            List<String> tags) {
        Event a = new Event(matched.tenant(), matched.timestamp(), matched.original());
        for (int i = 0; i < matched.size(); i++) {
            a.add(matched.fieldAt(i), matched.valueAt(i));
        }
        a.id(id);
        // the alert owns these fields: drop every copied value (an event may carry several) before setting them
        for (Field owned : OWNED) {
            a.remove(owned);
        }
        a.put(Fields.EVENT_KIND, "signal");
        a.put(Fields.RULE_ID, ruleId);
        a.put(Fields.RULE_NAME, title);
        a.put(Fields.RULE_RULESET, "sigma");
        String level = ruleLevel == null ? "medium" : ruleLevel.toLowerCase(Locale.ROOT);
        a.put(Fields.MEDSOC_ALERT_LEVEL, level);
        a.put(Fields.EVENT_SEVERITY, Integer.toString(severity(level)));
        a.put(Fields.MEDSOC_ALERT_EVENT_ID, String.valueOf(matched.id()));
        a.put(Fields.MESSAGE, title);
        a.remove(Fields.TAGS);
        for (String tag : tags) {
            a.add(Fields.TAGS, tag);
        }
        return a;
    }

    /** Sigma level to a 0-100 severity (the scale of Elastic's detection rules). */
    static int severity(String level) {
        return switch (level) {
            case "informational" -> 1;
            case "low" -> 21;
            case "high" -> 73;
            case "critical" -> 99;
            default -> 47;
        };
    }
}
