/** The path from the journal through parsing to the event store, with commit-then-checkpoint durability. */
@NullMarked
package org.medsoc.ingest.pipeline;

import org.jspecify.annotations.NullMarked;
