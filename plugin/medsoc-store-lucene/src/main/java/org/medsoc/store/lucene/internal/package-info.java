/** Implementation of the Lucene event store: documents, analysis, query parsing, partitions. */
@NullMarked
package org.medsoc.store.lucene.internal;

import org.jspecify.annotations.NullMarked;
