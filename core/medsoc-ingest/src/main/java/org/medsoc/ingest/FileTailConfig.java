package org.medsoc.ingest;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The settings of one file-tail receiver.
 *
 * @param directory the directory watched (not recursively)
 * @param glob which file names in it are tailed, {@link java.nio.file.FileSystem#getPathMatcher glob} syntax
 * @param stateFile where read offsets are persisted; must not match {@code glob} if it lies in {@code directory}
 * @param tenant the tenant of every message
 * @param pollInterval how often the directory and the files are checked
 * @param maxMessageBytes the longest line kept whole; longer ones are cut and flagged truncated
 * @param startAtEnd for files present when the receiver first starts (no state file yet): true skips their existing
 *     content, false reads them from the beginning. Files appearing later are always read from the beginning.
 */
public record FileTailConfig(
        Path directory,
        String glob,
        Path stateFile,
        TenantId tenant,
        Duration pollInterval,
        int maxMessageBytes,
        boolean startAtEnd) {
    public FileTailConfig {
        requireNonNull(directory, "directory is null");
        requireNonNull(glob, "glob is null");
        requireNonNull(stateFile, "stateFile is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(pollInterval, "pollInterval is null");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw invalid("poll interval must be positive: " + pollInterval);
        }
        if (maxMessageBytes < 64 || maxMessageBytes > 64 * 1024 * 1024) {
            throw invalid("max message size must be 64B to 64MB: " + maxMessageBytes);
        }
        if (glob.isEmpty()) {
            throw invalid("glob is empty; use *.log or * for every file");
        }
    }

    /** Tails {@code *.log} in {@code directory} from the beginning, polling every 250 ms, lines up to 64 KiB. */
    public static FileTailConfig defaults(Path directory, Path stateFile) {
        return new FileTailConfig(
                directory, "*.log", stateFile, TenantId.DEFAULT, Duration.ofMillis(250), 64 * 1024, false);
    }

    /** This configuration with another glob. */
    public FileTailConfig withGlob(String newGlob) {
        return new FileTailConfig(directory, newGlob, stateFile, tenant, pollInterval, maxMessageBytes, startAtEnd);
    }

    /** This configuration with another tenant. */
    public FileTailConfig withTenant(TenantId newTenant) {
        return new FileTailConfig(directory, glob, stateFile, newTenant, pollInterval, maxMessageBytes, startAtEnd);
    }

    /** This configuration with another poll interval. */
    public FileTailConfig withPollInterval(Duration newPollInterval) {
        return new FileTailConfig(directory, glob, stateFile, tenant, newPollInterval, maxMessageBytes, startAtEnd);
    }

    /** This configuration with another line size limit. */
    public FileTailConfig withMaxMessageBytes(int newMaxMessageBytes) {
        return new FileTailConfig(directory, glob, stateFile, tenant, pollInterval, newMaxMessageBytes, startAtEnd);
    }

    /** This configuration starting at the end (true) or the beginning (false) of files present at first start. */
    public FileTailConfig withStartAtEnd(boolean newStartAtEnd) {
        return new FileTailConfig(directory, glob, stateFile, tenant, pollInterval, maxMessageBytes, newStartAtEnd);
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(IngestErrorCode.INVALID_RECEIVER_CONFIGURATION, "file tail receiver: " + message);
    }
}
