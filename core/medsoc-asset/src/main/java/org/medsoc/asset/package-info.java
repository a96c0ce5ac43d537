/**
 * Assets: the inventory of a hospital's hosts, devices and applications (the ledger, 资产台账) with the history of
 * every change, CSV ledger import and export, merging of hosts found by scanners, passive discovery of unseen
 * internal addresses from events, and enrichment of events with the asset, business system and criticality of their
 * addresses. Every method takes the tenant explicitly.
 */
@NullMarked
package org.medsoc.asset;

import org.jspecify.annotations.NullMarked;
