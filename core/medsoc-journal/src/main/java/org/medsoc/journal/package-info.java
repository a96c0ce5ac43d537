/** The ingest journal: append-only segment files of raw messages, checksummed, fsync-batched, replayed on restart. */
@NullMarked
package org.medsoc.journal;

import org.jspecify.annotations.NullMarked;
