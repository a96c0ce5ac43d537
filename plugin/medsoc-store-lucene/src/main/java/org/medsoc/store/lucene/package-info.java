/** The embedded Apache Lucene event store. */
@NullMarked
package org.medsoc.store.lucene;

import org.jspecify.annotations.NullMarked;
