package org.medsoc.spi.store;

/**
 * One bucket of a date histogram.
 *
 * @param startMillis inclusive start of the bucket, epoch millis, aligned to the interval
 * @param count matching events within the bucket
 */
public record HistogramBucket(long startMillis, long count) {}
