/** Parsing raw messages into normalised events: syslog framing, payload formats, source profiles, dead letters. */
@NullMarked
package org.medsoc.parse;

import org.jspecify.annotations.NullMarked;
