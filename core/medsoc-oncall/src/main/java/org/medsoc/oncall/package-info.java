/**
 * On-call paging: who is on duty ({@link org.medsoc.oncall.Roster}), how a page escalates
 * ({@link org.medsoc.oncall.EscalationPolicy}, {@link org.medsoc.oncall.QuietHours},
 * {@link org.medsoc.oncall.ProtectionWindow}), and the durable {@link org.medsoc.oncall.PagingService} that sends,
 * retries and escalates until someone acknowledges.
 */
@NullMarked
package org.medsoc.oncall;

import org.jspecify.annotations.NullMarked;
