package org.medsoc.journal;

/**
 * How far the journal is durable: every record through {@code sequence} is synced, and the bytes of segment
 * {@code segmentFirstSequence} are durable up to {@code position} (a record boundary); earlier segments are durable
 * to their end, later ones not at all. Published as one immutable value so readers see a consistent limit.
 */
record DurablePoint(long segmentFirstSequence, long position, long sequence) {}
