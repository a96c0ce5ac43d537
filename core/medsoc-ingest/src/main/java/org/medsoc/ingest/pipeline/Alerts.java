package org.medsoc.ingest.pipeline;

import java.util.Locale;
import org.medsoc.detect.CompiledRule;
import org.medsoc.detect.SigmaRule;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;

/**
 * Turns a rule match into an alert: a copy of the matched event (so the alert is searchable by everything the
 * event carried) with {@code event.kind: signal}, the rule's id, title, level and ATT&CK tags, the matched event's
 * id and the fields the rule reads. The alert id is derived from the event id and the rule, so a replayed journal
 * record produces the same alert (written with upsert) instead of a duplicate.
 */
final class Alerts {
    private Alerts() {}

    static Event of(Event matched, CompiledRule compiled) {
        SigmaRule rule = compiled.rule();
        String ruleId = rule.id() != null ? rule.id() : rule.origin();
        Event a = new Event(matched.tenant(), matched.timestamp(), matched.original());
        for (int i = 0; i < matched.size(); i++) {
            a.add(matched.fieldAt(i), matched.valueAt(i));
        }
        a.id(matched.id() + ":" + ruleId);
        a.put(Fields.EVENT_KIND, "signal");
        a.put(Fields.RULE_ID, ruleId);
        a.put(Fields.RULE_NAME, rule.title());
        a.put(Fields.RULE_RULESET, "sigma");
        String level = rule.level() == null ? "medium" : rule.level().toLowerCase(Locale.ROOT);
        a.put(Fields.MEDSOC_ALERT_LEVEL, level);
        a.put(Fields.EVENT_SEVERITY, Integer.toString(severity(level)));
        a.put(Fields.MEDSOC_ALERT_EVENT_ID, String.valueOf(matched.id()));
        a.put(Fields.MESSAGE, rule.title());
        a.remove(Fields.TAGS);
        for (String tag : rule.tags()) {
            a.add(Fields.TAGS, tag);
        }
        for (String field : compiled.fields()) {
            a.add(Fields.MEDSOC_ALERT_MATCHED_FIELDS, field);
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
