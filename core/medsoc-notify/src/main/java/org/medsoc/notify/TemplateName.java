package org.medsoc.notify;

/**
 * The built-in notification templates. Each exists as class-path resources {@code templates/<name>.<lang>.txt} (first
 * line the title, then a blank line, then the plain body), {@code .md} (chat Markdown body) and {@code .html} (mail
 * body fragment), for {@code zh} and {@code en}.
 */
public enum TemplateName {
    /** A new incident was opened. Variables: incident.id, incident.title, incident.severity, incident.source, … */
    INCIDENT_OPENED("incident-opened"),
    /** An incident's SLA deadline is near. Variables: incident.*, sla.kind, sla.deadline, sla.remaining. */
    SLA_WARNING("sla-warning"),
    /** An incident's SLA deadline has passed. Variables: incident.*, sla.kind, sla.deadline, sla.overdue. */
    SLA_BREACHED("sla-breached"),
    /** An incident was escalated. Variables: incident.*, escalation.level, escalation.reason, escalation.to. */
    ESCALATION("escalation"),
    /** The hub (health authority) sent a warning. Variables: warning.id, warning.title, warning.summary, warning.action, warning.issuer. */
    HUB_WARNING("hub-warning"),
    /** A security advisory matched local assets. Variables: advisory.id, advisory.title, advisory.cvss, advisory.assets, advisory.summary. */
    ADVISORY_MATCHED("advisory-matched");

    private final String resourceName;

    TemplateName(String resourceName) {
        this.resourceName = resourceName;
    }

    /** The resource base name, for example {@code incident-opened}. */
    public String resourceName() {
        return resourceName;
    }
}
