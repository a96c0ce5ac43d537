package org.medsoc.incident;

/**
 * What one {@link IncidentService#onAlerts} call did with its alerts.
 *
 * @param opened incidents opened
 * @param joined alerts that joined an incident (including incidents opened in the same batch)
 * @param suppressed alerts held back by a suppression entry
 * @param duplicates alerts seen before (replay), left unchanged
 */
public record IntakeResult(int opened, int joined, int suppressed, int duplicates) {}
