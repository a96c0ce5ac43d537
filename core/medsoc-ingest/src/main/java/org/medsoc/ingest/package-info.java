/** Receivers that take raw messages off the network and files, and the pipeline from journal to store. */
@NullMarked
package org.medsoc.ingest;

import org.jspecify.annotations.NullMarked;
