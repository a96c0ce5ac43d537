package org.medsoc.ingest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.medsoc.ingest.receiver.RateLimitedLog;
import org.medsoc.ingest.receiver.ReceiverCounters;
import org.medsoc.ingest.receiver.TailOffsets;
import org.medsoc.spi.error.ErrorType;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.RawMessage;

/**
 * A receiver that follows the files of a directory matching a glob, one message per line, at least once.
 *
 * <pre>
 * One platform thread polls. Files are tracked by file key (device + inode), not by name, with their channel kept
 * open, so that:
 *   - rename rotation (app.log -> app.log.1, new app.log): the old inode leaves the glob (or keeps matching under its
 *     new name and simply continues); the new inode is a new file read from 0. A file that left the glob or was
 *     deleted is "retired": it is still read through its open channel until it has not grown for a grace period
 *     (max(1 s, 4 poll intervals)), then its unterminated last line, if any, is delivered (counted partial) and it is
 *     closed. Writers that keep appending to the renamed file for a moment therefore lose nothing.
 *   - copytruncate: size < offset means the file was truncated; reading restarts at 0.
 *   - restart: offsets are persisted per file key with a CRC of the file's first KiB; a file whose size shrank below
 *     its offset or whose head changed (inode reused by a new file) is read from 0. Entries of files that left the
 *     glob while medsoc was down are found by key among all files of the directory and drained.
 *
 * A line is complete at LF (a CR before it is dropped). An unterminated last line waits for more data or for the file
 * to be retired. A line longer than maxMessageBytes is delivered cut and flagged truncated; the rest up to the next
 * LF is skipped (the "skipping" flag is persisted too).
 *
 * Offsets advance, and are persisted (atomic write, TailOffsets), only after the sink accepted the batch. A sink
 * failure leaves the offset where it was; the lines are read again at the next poll, after a backoff that grows from
 * the poll interval to 2 s. So a crash or a refusal may repeat the lines of one uncommitted batch, never lose them.
 * </pre>
 */
public final class FileTailReceiver implements Receiver {
    private static final Logger LOG = System.getLogger(FileTailReceiver.class.getName());
    private static final int MAX_BATCH = 1024;
    private static final long MAX_BATCH_BYTES = 1024 * 1024;
    private static final int HEAD_BYTES = 1024;
    private static final long MAX_BACKOFF_MILLIS = 2000;
    private static final long JOIN_MILLIS = 2000;

    private final FileTailConfig config;
    private final MessageSink sink;
    private final String name;
    private final PathMatcher matcher;
    private final ReceiverCounters counters = new ReceiverCounters();
    private final RateLimitedLog log = new RateLimitedLog(LOG, 10_000);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Tail> tails = new LinkedHashMap<>();
    private final byte[] buffer;
    private final long graceNanos;
    private volatile boolean closed;
    private boolean started;
    private boolean directoryMissing;
    private long backoffMillis;
    private @Nullable Thread poller;

    private FileTailReceiver(FileTailConfig config, MessageSink sink) {
        this.config = config;
        this.sink = sink;
        this.name = "file:" + config.directory();
        this.matcher = config.directory().getFileSystem().getPathMatcher("glob:" + config.glob());
        this.buffer = new byte[Math.max(64 * 1024, config.maxMessageBytes() + 2)];
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1000, 4 * config.pollInterval().toMillis()));
    }

    /** A receiver for {@code config}, not yet started; call {@link #start()}. */
    public static FileTailReceiver create(FileTailConfig config, MessageSink sink) {
        return new FileTailReceiver(requireNonNull(config, "config is null"), requireNonNull(sink, "sink is null"));
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Loads the persisted offsets, opens the files present now (fixing where reading starts, so nothing appended after
     * this call returns is skipped) and starts polling.
     */
    @Override
    public synchronized void start() {
        if (closed || started) {
            throw new MedsocException(IngestErrorCode.RECEIVER_STATE, name + " was already started or closed");
        }
        started = true;
        var restored = TailOffsets.load(config.stateFile());
        Map<String, TailOffsets.Entry> entries = new HashMap<>(restored.orElse(Map.of()));
        scan(entries, restored.isEmpty());
        if (!entries.isEmpty()) {
            adoptOutsideGlob(entries);
        }
        persist();
        Thread t = Thread.ofPlatform().daemon().name(name + "-tail").unstarted(this::pollLoop);
        poller = t;
        t.start();
    }

    @Override
    public ReceiverStats stats() {
        return counters.snapshot(name, 0);
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing.countDown();
            t = poller;
        }
        SyslogUdpReceiver.join(t, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS));
        if (t == null || !t.isAlive()) {
            for (Tail tail : tails.values()) {
                closeQuietly(tail.channel);
            }
            tails.clear();
        }
    }

    private void pollLoop() {
        while (!closed) {
            try {
                backoffMillis = 0;
                scan(Map.of(), false);
                readAll();
            } catch (RuntimeException e) {
                counters.errors.increment();
                log.log(Level.ERROR, "poll", name + ": polling failed: " + e, e);
            }
            long wait = Math.max(config.pollInterval().toMillis(), backoffMillis);
            try {
                if (closing.await(wait, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Tracks new files matching the glob and retires tracked files that no longer match or exist. */
    private void scan(Map<String, TailOffsets.Entry> restored, boolean firstStart) {
        Map<String, Path> found = list(true);
        if (found == null) {
            return;
        }
        for (Map.Entry<String, Path> f : found.entrySet()) {
            Tail t = tails.get(f.getKey());
            if (t != null) {
                t.path = f.getValue();
                t.retired = false;
                continue;
            }
            TailOffsets.Entry saved = restored.isEmpty() ? null : restored.remove(f.getKey());
            t = open(f.getKey(), f.getValue(), saved, firstStart && config.startAtEnd());
            if (t != null) {
                tails.put(t.key, t);
            }
        }
        long now = System.nanoTime();
        for (Tail t : tails.values()) {
            if (!t.retired && !found.containsKey(t.key)) {
                t.retired = true;
                t.lastGrowthNanos = now;
                LOG.log(Level.DEBUG, name + ": " + t.path + " was rotated or deleted; draining it");
            }
        }
    }

    /** Restart: files tracked before that left the glob while medsoc was down are drained if still present. */
    private void adoptOutsideGlob(Map<String, TailOffsets.Entry> restored) {
        Map<String, Path> all = list(false);
        if (all == null) {
            return;
        }
        for (TailOffsets.Entry e : restored.values()) {
            Path p = all.get(e.fileKey());
            if (p == null) {
                continue;
            }
            Tail t = open(e.fileKey(), p, e, false);
            if (t != null) {
                t.retired = true;
                t.lastGrowthNanos = System.nanoTime();
                tails.put(t.key, t);
            }
        }
    }

    private @Nullable Map<String, Path> list(boolean matchGlob) {
        Map<String, Path> found = new LinkedHashMap<>();
        Path stateFile = config.stateFile().toAbsolutePath();
        Path stateTemp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(config.directory())) {
            for (Path p : dir) {
                Path fileName = p.getFileName();
                if (fileName == null || (matchGlob && !matcher.matches(fileName))) {
                    continue;
                }
                Path absolute = p.toAbsolutePath();
                if (absolute.equals(stateFile) || absolute.equals(stateTemp)) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        Object key = a.fileKey();
                        found.put(key == null ? "path:" + p : key.toString(), p);
                    }
                } catch (NoSuchFileException e) {
                    // deleted between listing and reading: next poll
                }
            }
            directoryMissing = false;
            return found;
        } catch (IOException | RuntimeException e) {
            if (!directoryMissing) {
                directoryMissing = true;
                counters.errors.increment();
                LOG.log(Level.WARNING, name + ": cannot list " + config.directory() + ": " + e
                        + "; retrying every poll until it is readable");
            }
            return null;
        }
    }

    private @Nullable Tail open(String key, Path path, TailOffsets.@Nullable Entry saved, boolean atEnd) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            counters.errors.increment();
            log.log(Level.WARNING, "open", name + ": cannot open " + path + ": " + e, null);
            return null;
        }
        try {
            Tail t = new Tail(key, path, ch);
            long size = ch.size();
            if (saved != null) {
                if (saved.offset() <= size && headCrc(ch, saved.headLength()) == saved.headCrc()) {
                    t.offset = saved.offset();
                    t.skipping = saved.skipping();
                    t.headLength = saved.headLength();
                    t.headCrc = saved.headCrc();
                } else {
                    LOG.log(Level.INFO, name + ": " + path + " was truncated or replaced while stopped; reading it "
                            + "from the beginning");
                }
            } else if (atEnd) {
                t.offset = lastLineEnd(ch, size);
            }
            updateHead(t, size);
            return t;
        } catch (IOException e) {
            closeQuietly(ch);
            counters.errors.increment();
            log.log(Level.WARNING, "open", name + ": cannot read " + path + ": " + e, null);
            return null;
        }
    }

    private void readAll() {
        Iterator<Tail> it = tails.values().iterator();
        while (it.hasNext() && !closed) {
            Tail t = it.next();
            try {
                if (read(t)) {
                    closeQuietly(t.channel);
                    it.remove();
                    persist();
                }
            } catch (IOException e) {
                counters.errors.increment();
                log.log(Level.WARNING, "read", name + ": cannot read " + t.path + ": " + e, null);
            }
        }
    }

    /** Reads what was appended to one file; true when the file is retired and finished. */
    private boolean read(Tail t) throws IOException {
        long size = t.channel.size();
        long now = System.nanoTime();
        if (size < t.readPosition()) {
            LOG.log(Level.INFO, name + ": " + t.path + " was truncated (copytruncate?); reading it from the start");
            t.offset = 0;
            t.skipping = false;
            t.headLength = 0;
            t.headCrc = 0;
            t.lastSeenSize = 0;
            updateHead(t, size);
            persist();
        }
        if (size > t.readPosition()) {
            t.lastGrowthNanos = now;
            readLines(t, size);
            return false;
        }
        if (t.retired && now - t.lastGrowthNanos >= graceNanos) {
            return finish(t, size);
        }
        return false;
    }

    private void readLines(Tail t, long size) throws IOException {
        int max = config.maxMessageBytes();
        long pos = t.offset;
        boolean skipping = t.skipping;
        List<RawMessage> batch = new ArrayList<>();
        long batchBytes = 0;
        long receivedAt = System.currentTimeMillis();
        t.lastSeenSize = size;
        while (pos < size && !closed) {
            ByteBuffer bb = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, size - pos));
            int n = t.channel.read(bb, pos);
            if (n <= 0) {
                break;
            }
            int i = 0;
            while (i < n) {
                int j = indexOfLf(buffer, i, n);
                if (j < 0) {
                    int rest = n - i;
                    if (skipping) {
                        i = n;
                    } else if (rest > max + 1) {
                        batch.add(message(Arrays.copyOfRange(buffer, i, i + max), true, receivedAt));
                        batchBytes += max;
                        skipping = true;
                        i = n;
                    } else {
                        break; // unterminated: wait for the rest
                    }
                } else {
                    int len = j - i;
                    if (len > 0 && buffer[j - 1] == '\r') {
                        len--;
                    }
                    if (skipping) {
                        skipping = false;
                    } else if (len > max) {
                        batch.add(message(Arrays.copyOfRange(buffer, i, i + max), true, receivedAt));
                        batchBytes += max;
                    } else if (len > 0) {
                        batch.add(message(Arrays.copyOfRange(buffer, i, i + len), false, receivedAt));
                        batchBytes += len;
                    }
                    i = j + 1;
                }
                if (batch.size() >= MAX_BATCH || batchBytes >= MAX_BATCH_BYTES) {
                    if (!commit(t, batch, batchBytes, pos + i, skipping)) {
                        t.lastSeenSize = 0; // read again from the committed offset at the next poll
                        return;
                    }
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
            }
            if (i == 0) {
                break;
            }
            pos += i;
        }
        if ((pos != t.offset || skipping != t.skipping || !batch.isEmpty())
                && !commit(t, batch, batchBytes, pos, skipping)) {
            t.lastSeenSize = 0;
        }
    }

    /** Delivers the unterminated last line of a retired file, then reports it finished. */
    private boolean finish(Tail t, long size) throws IOException {
        long rest = size - t.offset;
        if (rest > 0 && !t.skipping) {
            int max = config.maxMessageBytes();
            int n = (int) Math.min(rest, max + 1);
            ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
            while (bb.hasRemaining() && t.channel.read(bb, t.offset + bb.position()) > 0) {
                // fill
            }
            int len = bb.position();
            if (len > 0 && buffer[len - 1] == '\r' && rest == len) {
                len--;
            }
            boolean truncated = rest > max;
            List<RawMessage> batch = new ArrayList<>(1);
            if (len > 0) {
                batch.add(message(Arrays.copyOf(buffer, Math.min(len, max)), truncated, System.currentTimeMillis()));
            }
            if (!commit(t, batch, Math.min(len, max), size, false)) {
                return false;
            }
            if (len > 0) {
                counters.partial.increment();
            }
        }
        LOG.log(Level.DEBUG, name + ": finished rotated file " + t.path);
        return true;
    }

    /** Hands a batch to the sink and, once accepted, moves and persists the offset; false when the sink refused. */
    private boolean commit(Tail t, List<RawMessage> batch, long bytes, long offset, boolean skipping) {
        if (!batch.isEmpty()) {
            int size = batch.size();
            long truncated = batch.stream().filter(RawMessage::truncated).count();
            try {
                sink.accept(batch);
            } catch (RuntimeException e) {
                boolean full = e instanceof MedsocException m
                        && m.errorCode().type() == ErrorType.INSUFFICIENT_RESOURCES;
                if (!full) {
                    counters.errors.increment();
                }
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS,
                        Math.max(config.pollInterval().toMillis(), backoffMillis) * 2);
                log.log(full ? Level.WARNING : Level.ERROR, full ? "sink-full" : "sink-error",
                        name + ": sink refused " + size + " lines of " + t.path + "; reading them again later: " + e,
                        full ? null : e);
                return false;
            }
            counters.accepted(size, bytes);
            if (truncated > 0) {
                counters.truncated.add(truncated);
                log.log(Level.WARNING, "truncated", name + ": lines of " + t.path + " cut at "
                        + config.maxMessageBytes() + " bytes", null);
            }
        }
        t.offset = offset;
        t.skipping = skipping;
        try {
            updateHead(t, t.channel.size());
        } catch (IOException e) {
            // the fingerprint is refreshed at the next commit
        }
        persist();
        return true;
    }

    private void persist() {
        List<TailOffsets.Entry> entries = new ArrayList<>(tails.size());
        for (Tail t : tails.values()) {
            entries.add(new TailOffsets.Entry(t.key, t.path, t.offset, t.skipping, t.headLength, t.headCrc));
        }
        TailOffsets.store(config.stateFile(), entries);
    }

    private RawMessage message(byte[] payload, boolean truncated, long receivedAt) {
        return new RawMessage(config.tenant(), name, "", receivedAt, payload, truncated);
    }

    private static void updateHead(Tail t, long size) throws IOException {
        if (t.headLength < HEAD_BYTES && size > t.headLength) {
            int n = (int) Math.min(HEAD_BYTES, size);
            t.headCrc = headCrc(t.channel, n);
            t.headLength = n;
        }
    }

    private static long headCrc(FileChannel ch, int length) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(length);
        while (bb.hasRemaining() && ch.read(bb, bb.position()) > 0) {
            // fill
        }
        CRC32C crc = new CRC32C();
        crc.update(bb.array(), 0, bb.position());
        return bb.position() < length ? -1 : crc.getValue();
    }

    /** Where the last complete line of a file ends (0 when a short file has no complete line). */
    private static long lastLineEnd(FileChannel ch, long size) throws IOException {
        int window = (int) Math.min(size, 64 * 1024);
        ByteBuffer bb = ByteBuffer.allocate(window);
        long from = size - window;
        while (bb.hasRemaining() && ch.read(bb, from + bb.position()) > 0) {
            // fill
        }
        byte[] a = bb.array();
        for (int i = bb.position() - 1; i >= 0; i--) {
            if (a[i] == '\n') {
                return from + i + 1;
            }
        }
        return from == 0 ? 0 : size;
    }

    private static int indexOfLf(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing tailed file: " + e);
        }
    }

    /** One followed file; touched only by the polling thread (and by start/close while it does not run). */
    private static final class Tail {
        final String key;
        final FileChannel channel;
        Path path;
        long offset;
        boolean skipping;
        int headLength;
        long headCrc;
        boolean retired;
        long lastGrowthNanos = System.nanoTime();
        long lastSeenSize;

        Tail(String key, Path path, FileChannel channel) {
            this.key = key;
            this.path = path;
            this.channel = channel;
        }

        /** Where new data starts: after the committed offset plus an unterminated line already looked at. */
        long readPosition() {
            return Math.max(offset, lastSeenSize);
        }
    }
}
