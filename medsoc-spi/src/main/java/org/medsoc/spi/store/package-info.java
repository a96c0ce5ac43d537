/** The event store port: write, commit, search and partition lifecycle, implemented by store plugins. */
@NullMarked
package org.medsoc.spi.store;

import org.jspecify.annotations.NullMarked;
