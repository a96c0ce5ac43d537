/**
 * Internals of the JSON payload parser: streaming flattening, timestamp and address literals, and the layouts
 * (generic, Suricata EVE, Windows evtx_dump and Winlogbeat).
 */
@NullMarked
package org.medsoc.parse.json;

import org.jspecify.annotations.NullMarked;
