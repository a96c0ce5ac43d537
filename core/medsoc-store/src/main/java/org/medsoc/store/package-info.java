/** Retention of event partitions by age and disk size, over the EventStore port. */
@NullMarked
package org.medsoc.store;

import org.jspecify.annotations.NullMarked;
