package org.medsoc.ingest.receiver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medsoc.ingest.IngestErrorCode;
import org.medsoc.spi.error.MedsocException;

/**
 * The persisted read positions of a file-tail receiver: one line per file, written atomically (temporary file, fsync,
 * rename, fsync of the directory) so a crash leaves either the old or the new state, never a torn one.
 *
 * <p>Format (UTF-8): a header line {@code medsoc-tail-state 1}, then per file
 * {@code offset TAB skipping(0|1) TAB headLength TAB headCrc TAB fileKey TAB path}.
 */
public final class TailOffsets {
    private static final String HEADER = "medsoc-tail-state 1";

    private TailOffsets() {}

    /**
     * Where reading of one file stands.
     *
     * @param fileKey the file's identity (device and inode on Linux), stable across renames
     * @param path where the file was last seen
     * @param offset the position after the last line the sink accepted
     * @param skipping true when the offset lies inside an over-long line whose rest is to be skipped
     * @param headLength how many leading bytes {@code headCrc} covers (at most 1024), to recognise a replaced file
     * @param headCrc CRC-32C of the first {@code headLength} bytes
     */
    public record Entry(String fileKey, Path path, long offset, boolean skipping, int headLength, long headCrc) {
        public Entry {
            requireNonNull(fileKey, "fileKey is null");
            requireNonNull(path, "path is null");
        }
    }

    /** The entries stored in {@code stateFile}, keyed by file key; empty when the file does not exist (first start). */
    public static Optional<Map<String, Entry>> load(Path stateFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MedsocException(
                    IngestErrorCode.TAIL_STATE_FAILED,
                    "cannot read file-tail state " + stateFile + ": " + e + "; check its permissions",
                    e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw corrupt(stateFile, 1);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", 6);
            if (f.length != 6) {
                throw corrupt(stateFile, i + 1);
            }
            try {
                Entry e = new Entry(
                        f[4],
                        Path.of(f[5]),
                        Long.parseLong(f[0]),
                        f[1].equals("1"),
                        Integer.parseInt(f[2]),
                        Long.parseLong(f[3]));
                if (e.offset() < 0 || e.headLength() < 0) {
                    throw corrupt(stateFile, i + 1);
                }
                entries.put(e.fileKey(), e);
            } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
                throw corrupt(stateFile, i + 1);
            }
        }
        return Optional.of(entries);
    }

    /** Replaces the content of {@code stateFile} with {@code entries}, durably and atomically. */
    public static void store(Path stateFile, Collection<Entry> entries) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            sb.append(e.offset()).append('\t')
                    .append(e.skipping() ? '1' : '0').append('\t')
                    .append(e.headLength()).append('\t')
                    .append(e.headCrc()).append('\t')
                    .append(e.fileKey()).append('\t')
                    .append(e.path().toString().replace('\n', ' ').replace('\t', ' '))
                    .append('\n');
        }
        Path dir = stateFile.toAbsolutePath().getParent();
        Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try (FileChannel ch = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer data = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (data.hasRemaining()) {
                    ch.write(data);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING);
            }
            if (dir != null) {
                syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new MedsocException(
                    IngestErrorCode.TAIL_STATE_FAILED,
                    "cannot write file-tail state " + stateFile + ": " + e + "; check free space and permissions",
                    e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open or sync a directory; the rename itself is still atomic
        }
    }

    private static MedsocException corrupt(Path stateFile, int line) {
        return new MedsocException(
                IngestErrorCode.TAIL_STATE_FAILED,
                "file-tail state " + stateFile + " is corrupt at line " + line
                        + "; delete it to read the tailed files again from their beginning (duplicates) or restore it");
    }
}
