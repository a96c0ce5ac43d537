/**
 * Incidents: alerts grouped into units of work for analysts, with a lifecycle (new, triaging, containing,
 * resolved, closed), an SLA clock (first response, resolution the same day), evidence, comments, a timeline of every
 * change, and suppression entries that keep known false positives out of the queue. {@link
 * org.medsoc.incident.IncidentService} is the entry point; every method takes the tenant explicitly.
 */
@NullMarked
package org.medsoc.incident;

import org.jspecify.annotations.NullMarked;
