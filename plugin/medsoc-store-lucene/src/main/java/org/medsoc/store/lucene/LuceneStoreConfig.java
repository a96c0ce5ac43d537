package org.medsoc.store.lucene;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/**
 * Configuration of the embedded Lucene event store.
 *
 * @param directory where the partition directories live ({@code events-2026-11-25}, {@code deadletters-2026-11-25})
 * @param refreshInterval how often written events are made searchable in the background; {@link Duration#ZERO}
 *     turns background refresh off (callers then use {@link LuceneEventStore#refresh()})
 * @param maxOpenPartitions how many partitions keep an index writer open at once; the least recently written one is
 *     committed and closed when another is needed
 * @param ramBufferMb indexing buffer per open partition, in MB; a full buffer is flushed to a new segment
 */
public record LuceneStoreConfig(Path directory, Duration refreshInterval, int maxOpenPartitions, double ramBufferMb) {
    /** Default background refresh interval. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** Default number of open writers. */
    public static final int DEFAULT_MAX_OPEN_PARTITIONS = 8;
    /** Default indexing buffer per open partition, MB. */
    public static final double DEFAULT_RAM_BUFFER_MB = 64;

    public LuceneStoreConfig {
        requireNonNull(directory, "directory is null");
        requireNonNull(refreshInterval, "refreshInterval is null");
        if (refreshInterval.isNegative()) {
            throw new IllegalArgumentException("refreshInterval must not be negative, was " + refreshInterval);
        }
        if (maxOpenPartitions < 1) {
            throw new IllegalArgumentException("maxOpenPartitions must be >= 1, was " + maxOpenPartitions);
        }
        if (!(ramBufferMb >= 1 && ramBufferMb <= 2048)) {
            throw new IllegalArgumentException("ramBufferMb must be within 1..2048, was " + ramBufferMb);
        }
    }

    /** The defaults, storing under {@code directory}. */
    public static LuceneStoreConfig defaults(Path directory) {
        return new LuceneStoreConfig(
                directory, DEFAULT_REFRESH_INTERVAL, DEFAULT_MAX_OPEN_PARTITIONS, DEFAULT_RAM_BUFFER_MB);
    }

    /**
     * Reads {@code store.lucene.dir} (a path), {@code store.lucene.refresh-interval} (a duration such as {@code 1s}),
     * {@code store.lucene.max-open-partitions} (an integer) and {@code store.lucene.ram-buffer} (a size such as
     * {@code 64MB}); absent keys take the defaults, the directory defaulting to {@code defaultDirectory}.
     */
    public static LuceneStoreConfig fromSettings(Path defaultDirectory, Settings settings) {
        requireNonNull(defaultDirectory, "defaultDirectory is null");
        requireNonNull(settings, "settings is null");
        long ramBytes = settings.bytes("store.lucene.ram-buffer", (long) (DEFAULT_RAM_BUFFER_MB * 1024 * 1024));
        try {
            return new LuceneStoreConfig(
                    settings.path("store.lucene.dir", defaultDirectory),
                    settings.duration("store.lucene.refresh-interval", DEFAULT_REFRESH_INTERVAL),
                    settings.integer("store.lucene.max-open-partitions", DEFAULT_MAX_OPEN_PARTITIONS),
                    ramBytes / (1024.0 * 1024.0));
        } catch (IllegalArgumentException e) {
            throw new MedsocException(
                    CommonErrorCode.INVALID_CONFIGURATION,
                    "invalid store.lucene configuration: " + e.getMessage(),
                    e);
        }
    }
}
