package org.medsoc.journal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/**
 * How a {@link Journal} stores its files and how much it may hold.
 *
 * @param directory where the segment files and the checkpoint live (created if missing)
 * @param segmentBytes a segment is sealed and a new one started when a record would take it past this size
 * @param maxBytes budget of bytes in segments that still hold records beyond the checkpoint; appends beyond it fail
 *     with {@link JournalErrorCode#JOURNAL_FULL}; at least twice {@code segmentBytes} so a checkpoint can free room
 * @param minFreeDiskBytes appends fail with {@link JournalErrorCode#JOURNAL_FULL} when the file store would keep
 *     less usable space than this
 * @param flushInterval minimum spacing of fsyncs (group commit): appends arriving within it share one fsync; zero
 *     syncs back to back
 * @param fsync false makes records durable (readable, acknowledged) as soon as they are written, without fsync;
 *     for tests and benchmarks only, a power loss then loses acknowledged records
 */
public record JournalConfig(
        Path directory, long segmentBytes, long maxBytes, long minFreeDiskBytes, Duration flushInterval, boolean fsync) {
    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Default unprocessed-bytes budget: 10 GiB. */
    public static final long DEFAULT_MAX_BYTES = 10L << 30;
    /** Default free-disk floor: 512 MiB. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 512L << 20;
    /** Default group-commit interval: 5 ms. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(5);
    /** Smallest accepted segment size. */
    public static final long MIN_SEGMENT_BYTES = 1024;

    static final String DIR = "ingest.journal.dir";
    static final String SEGMENT_SIZE = "ingest.journal.segment-size";
    static final String MAX_SIZE = "ingest.journal.max-size";
    static final String MIN_FREE_DISK = "ingest.journal.min-free-disk";
    static final String FLUSH_INTERVAL = "ingest.journal.flush-interval";
    static final String FSYNC = "ingest.journal.fsync";

    public JournalConfig {
        requireNonNull(directory, "directory is null");
        requireNonNull(flushInterval, "flushInterval is null");
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException(
                    "segmentBytes must be at least " + MIN_SEGMENT_BYTES + " but is " + segmentBytes);
        }
        if (maxBytes / 2 < segmentBytes) {
            throw new IllegalArgumentException("maxBytes (" + maxBytes + ") must be at least twice segmentBytes ("
                    + segmentBytes + ") so that a checkpoint can free room");
        }
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("minFreeDiskBytes is negative: " + minFreeDiskBytes);
        }
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException("flushInterval is negative: " + flushInterval);
        }
    }

    /** The defaults, storing in {@code directory}. */
    public static JournalConfig defaults(Path directory) {
        return new JournalConfig(
                directory,
                DEFAULT_SEGMENT_BYTES,
                DEFAULT_MAX_BYTES,
                DEFAULT_MIN_FREE_DISK_BYTES,
                DEFAULT_FLUSH_INTERVAL,
                true);
    }

    /**
     * Reads the {@code ingest.journal.*} keys ({@code dir, segment-size, max-size, min-free-disk, flush-interval,
     * fsync}), defaulting the directory to {@code defaultDirectory}.
     *
     * @throws MedsocException {@link CommonErrorCode#INVALID_CONFIGURATION} naming the offending key
     */
    public static JournalConfig fromSettings(Path defaultDirectory, Settings settings) {
        requireNonNull(defaultDirectory, "defaultDirectory is null");
        requireNonNull(settings, "settings is null");
        Path directory = settings.path(DIR, defaultDirectory);
        long segmentBytes = settings.bytes(SEGMENT_SIZE, DEFAULT_SEGMENT_BYTES);
        long maxBytes = settings.bytes(MAX_SIZE, DEFAULT_MAX_BYTES);
        long minFree = settings.bytes(MIN_FREE_DISK, DEFAULT_MIN_FREE_DISK_BYTES);
        Duration flushInterval = settings.duration(FLUSH_INTERVAL, DEFAULT_FLUSH_INTERVAL);
        boolean fsync = settings.bool(FSYNC, true);
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw invalid(SEGMENT_SIZE + " is " + segmentBytes + " bytes; it must be at least " + MIN_SEGMENT_BYTES
                    + " bytes (default 64MB)");
        }
        if (maxBytes / 2 < segmentBytes) {
            throw invalid(MAX_SIZE + " (" + maxBytes + " bytes) must be at least twice " + SEGMENT_SIZE + " ("
                    + segmentBytes + " bytes) so that a checkpoint can free room; raise " + MAX_SIZE + " or lower "
                    + SEGMENT_SIZE);
        }
        return new JournalConfig(directory, segmentBytes, maxBytes, minFree, flushInterval, fsync);
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, message);
    }

    /** This configuration with another directory. */
    public JournalConfig withDirectory(Path directory) {
        return new JournalConfig(directory, segmentBytes, maxBytes, minFreeDiskBytes, flushInterval, fsync);
    }

    /** This configuration with another segment size. */
    public JournalConfig withSegmentBytes(long segmentBytes) {
        return new JournalConfig(directory, segmentBytes, maxBytes, minFreeDiskBytes, flushInterval, fsync);
    }

    /** This configuration with another unprocessed-bytes budget. */
    public JournalConfig withMaxBytes(long maxBytes) {
        return new JournalConfig(directory, segmentBytes, maxBytes, minFreeDiskBytes, flushInterval, fsync);
    }

    /** This configuration with another free-disk floor. */
    public JournalConfig withMinFreeDiskBytes(long minFreeDiskBytes) {
        return new JournalConfig(directory, segmentBytes, maxBytes, minFreeDiskBytes, flushInterval, fsync);
    }

    /** This configuration with another group-commit interval. */
    public JournalConfig withFlushInterval(Duration flushInterval) {
        return new JournalConfig(directory, segmentBytes, maxBytes, minFreeDiskBytes, flushInterval, fsync);
    }

    /** This configuration with fsync switched on or off. */
    public JournalConfig withFsync(boolean fsync) {
        return new JournalConfig(directory, segmentBytes, maxBytes, minFreeDiskBytes, flushInterval, fsync);
    }
}
