package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medsoc.incident.Incident;
import org.medsoc.incident.IncidentService;
import org.medsoc.playbook.PlaybookExecutor;
import org.medsoc.playbook.TriggerEvent;
import org.medsoc.playbook.TriggerType;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * Starts playbooks from what happens on the node: an alert (after it is stored and grouped), an incident opened or
 * escalated, an incident whose SLA is breached (found by a periodic scan). Every trigger carries a key (alert id,
 * {@code incident.opened:<id>}, …), so the executor starts one run per playbook and key however often it is told —
 * the scan can run every minute and a replayed batch starts nothing twice.
 */
final class PlaybookTriggers implements IncidentService.Listener {
    private static final System.Logger LOG = System.getLogger(PlaybookTriggers.class.getName());

    private final PlaybookExecutor executor;
    private final IncidentService incidents;

    PlaybookTriggers(PlaybookExecutor executor, IncidentService incidents) {
        this.executor = requireNonNull(executor, "executor is null");
        this.incidents = requireNonNull(incidents, "incidents is null");
    }

    @Override
    public void opened(Incident incident) {
        fire(incident.tenant(), TriggerType.INCIDENT_OPENED, Map.of("incident", payload(incident)),
                "incident.opened:" + incident.id());
    }

    @Override
    public void escalated(Incident incident) {
        fire(incident.tenant(), TriggerType.INCIDENT_ESCALATED, Map.of("incident", payload(incident)),
                "incident.escalated:" + incident.id() + ":" + incident.severity());
    }

    /** Alerts of one pipeline batch: the enabled alert playbooks are looked up once per tenant of the batch. */
    void alerts(List<Event> alerts) {
        Map<TenantId, List<TriggerEvent>> byTenant = new LinkedHashMap<>();
        for (Event a : alerts) {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("id", String.valueOf(a.id()));
            put(alert, "rule_id", a.value(Fields.RULE_ID));
            put(alert, "rule_name", a.value(Fields.RULE_NAME));
            put(alert, "level", a.value(Fields.MEDSOC_ALERT_LEVEL));
            put(alert, "severity", a.value(Fields.EVENT_SEVERITY));
            put(alert, "event_id", a.value(Fields.MEDSOC_ALERT_EVENT_ID));
            put(alert, "host", a.value(Fields.HOST_NAME));
            put(alert, "user", a.value(Fields.USER_NAME));
            put(alert, "source_ip", a.value(Fields.SOURCE_IP));
            put(alert, "destination_ip", a.value(Fields.DESTINATION_IP));
            put(alert, "business_system", a.value(Fields.MEDSOC_BUSINESS_SYSTEM));
            alert.put("tags", a.values(Fields.TAGS));
            byTenant.computeIfAbsent(a.tenant(), t -> new java.util.ArrayList<>()).add(
                    new TriggerEvent(TriggerType.ALERT, Map.of("alert", alert), Optional.of("alert:" + a.id())));
        }
        for (Map.Entry<TenantId, List<TriggerEvent>> e : byTenant.entrySet()) {
            try {
                executor.trigger(e.getKey(), e.getValue());
            } catch (RuntimeException x) {
                LOG.log(Level.WARNING, "starting playbooks for " + e.getValue().size() + " alert(s) of " + e.getKey()
                        + " failed (the other alerts of the batch were still tried): " + x.getMessage(), x);
            }
        }
    }

    /** Starts SLA-breach playbooks for every open incident past its response or resolution due time. */
    void scanBreaches(Set<TenantId> tenants) {
        for (Incident i : incidents.overdue(tenants, 500)) {
            fire(i.tenant(), TriggerType.INCIDENT_SLA_BREACHED, Map.of("incident", payload(i)),
                    "incident.sla_breached:" + i.id() + ":" + i.sla().response() + ":" + i.sla().resolution());
        }
    }

    private void fire(TenantId tenant, TriggerType type, Map<String, Object> payload, String key) {
        try {
            executor.trigger(tenant, new TriggerEvent(type, payload, Optional.of(key)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "starting playbooks for " + type + " " + key + " of " + tenant + " failed: "
                    + e.getMessage(), e);
        }
    }

    static Map<String, Object> payload(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(i.id()));
        m.put("title", i.title());
        m.put("severity", i.severity().name().toLowerCase(java.util.Locale.ROOT));
        m.put("state", i.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("rule_id", i.ruleId());
        m.put("alert_count", i.alertCount());
        i.assignee().ifPresent(a -> m.put("assignee", a));
        m.put("response_due", i.sla().responseDue().toString());
        m.put("resolution_due", i.sla().resolutionDue().toString());
        m.put("business_systems", i.businessSystems());
        m.put("hosts", i.attribute(org.medsoc.incident.AttributeKind.HOST));
        m.put("source_ips", i.attribute(org.medsoc.incident.AttributeKind.SOURCE_IP));
        m.put("destination_ips", i.attribute(org.medsoc.incident.AttributeKind.DESTINATION_IP));
        m.put("users", i.attribute(org.medsoc.incident.AttributeKind.USER));
        m.put("tags", i.tags());
        return m;
    }

    private static void put(Map<String, Object> m, String key, @org.jspecify.annotations.Nullable String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
