package org.medsoc.journal;

import java.nio.file.Path;

/**
 * One segment file: records with sequences from {@code firstSequence} up to the next segment's first sequence minus
 * one. Only the journal's writer changes {@link #size} (while active) and {@link #sealed} (once, at roll, after the
 * final size is set).
 */
final class Segment {
    final long firstSequence;
    final Path path;
    volatile long size;
    volatile boolean sealed;

    Segment(long firstSequence, Path path, long size, boolean sealed) {
        this.firstSequence = firstSequence;
        this.path = path;
        this.size = size;
        this.sealed = sealed;
    }

    @Override
    public String toString() {
        return path.getFileName() + "(" + size + " bytes" + (sealed ? ", sealed" : ", active") + ")";
    }
}
