package org.medsoc.federation;

/** The kinds of report a node sends up to its hub; each has one {@link ReportBody} record. */
public enum ReportType {
    /** A new incident at the node ({@link ReportBody.IncidentOpened}). */
    INCIDENT_OPENED,
    /** An incident changed state, severity or title ({@link ReportBody.IncidentUpdated}). */
    INCIDENT_UPDATED,
    /** An incident was closed ({@link ReportBody.IncidentClosed}). */
    INCIDENT_CLOSED,
    /** The node's current risk score and top threats ({@link ReportBody.RiskSummary}). */
    RISK_SUMMARY,
    /** Asset and vulnerability counts ({@link ReportBody.Posture}). */
    POSTURE,
    /** The node is alive, and how healthy ({@link ReportBody.Heartbeat}). */
    HEARTBEAT,
    /** The answer to a trace query ({@link ReportBody.TraceResult}). */
    TRACE_RESULT,
    /** A warning was acknowledged at the node ({@link ReportBody.WarningAck}). */
    WARNING_ACK,
    /** A warning was disposed of at the node, with evidence ({@link ReportBody.WarningDisposed}). */
    WARNING_DISPOSED,
    /** Indicators the node shares with the region ({@link ReportBody.SharedIndicators}). */
    SHARED_INDICATORS
}
