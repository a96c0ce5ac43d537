/**
 * Federation between a hub (a district health commission or a managed-security provider) and its member nodes
 * (hospitals). Nodes initiate every connection: they enrol once with a one-time code, then sign every request; they
 * push reports from an {@link org.medsoc.federation.Outbox} that the hub's {@link org.medsoc.federation.Inbox}
 * applies exactly once, and pull directives by cursor with a {@link org.medsoc.federation.DirectiveFetcher}.
 * {@link org.medsoc.federation.HubProtocol} is the transport-neutral hub endpoint, {@link
 * org.medsoc.federation.HubClient} the node's HTTP client.
 */
@NullMarked
package org.medsoc.federation;

import org.jspecify.annotations.NullMarked;
