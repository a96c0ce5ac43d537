/**
 * Response playbooks: declarative YAML definitions ({@link PlaybookParser}, {@link PlaybookStore}) run durably, step by
 * step, by the {@link PlaybookExecutor} from the relational store. Steps that touch incidents, assets, firewalls, EDR
 * or ticketing go through the ports in this package ({@link IncidentPort}, {@link FirewallPort}, {@link EdrPort},
 * {@link TicketPort}, {@link EnrichmentPort}), implemented by the composition root.
 */
@NullMarked
package org.medsoc.playbook;

import org.jspecify.annotations.NullMarked;
