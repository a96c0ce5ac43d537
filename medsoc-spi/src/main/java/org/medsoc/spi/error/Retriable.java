package org.medsoc.spi.error;

/** Marks a transient failure: ingest and federation retry only exceptions carrying this marker. */
public interface Retriable {}
