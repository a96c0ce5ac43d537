/** The event model: interned fields, normalised events and raw messages as received. */
@NullMarked
package org.medsoc.spi.event;

import org.jspecify.annotations.NullMarked;
