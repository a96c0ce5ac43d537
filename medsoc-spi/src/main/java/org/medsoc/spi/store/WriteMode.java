package org.medsoc.spi.store;

/** How {@link EventStore#write} treats an event whose id may already be stored. */
public enum WriteMode {
    /** Ids are new: add without looking (the fast path). */
    APPEND,
    /** Replace any stored event with the same id (used while replaying the journal after a restart). */
    UPSERT
}
