package org.medsoc.journal;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;
import static org.medsoc.journal.RecordFormat.SEGMENT_HEADER_BYTES;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.RawMessage;

/**
 * The ingest journal: an append-only sequence of {@link RawMessage}s in checksummed segment files, made durable by
 * batched fsyncs, read by the pipeline and trimmed by its checkpoints. It is the acknowledgement point of ingest: a
 * batch is acknowledged to a sender only after {@link #awaitDurable} returned for its last sequence.
 *
 * <p>Thread-safe: any number of threads may append, wait and open readers; appends are serialised.
 */
public final class Journal implements AutoCloseable {
    /*
     * Notes
     *
     * Files. <dir>/journal-<firstSequence, 20 digits>.log segments (layout in RecordFormat), <dir>/checkpoint
     * (magic u32 | sequence u64 | crc32c u32 of the first 12 bytes), replaced atomically through checkpoint.tmp
     * (write, fsync, rename, fsync directory), and <dir>/journal.lock, held with an OS file lock while open so two
     * processes never write one journal.
     *
     * Sequences. 1-based and contiguous; a segment's records run from its first sequence to the next segment's first
     * sequence minus one. On open, sequences resume after max(last valid record, checkpoint) so they stay monotonic
     * even if someone deleted segment files.
     *
     * Locks (acquisition order writeLock -> forceLock -> stateLock; checkpointLock is independent):
     * - writeLock serialises appends, segment rolls and close. All writer fields (active, activeChannel, free-space
     *   estimate) are guarded by it.
     * - forceLock orders fsyncs against rolls: the flusher snapshots (segment, position, lastSequence) under
     *   writeLock, then under forceLock syncs the channel unless a roll has already made that snapshot durable (a
     *   roll syncs and closes the old channel under forceLock). DurablePoint is only published under forceLock (or
     *   under writeLock when fsync is off, where there is no flusher), and only forwards.
     * - stateLock + durableAdvanced: awaitDurable and idle readers wait here; every publication signals.
     *
     * Group commit. A daemon flusher thread syncs (force(false), i.e. fdatasync) whenever records are unsynced,
     * but starts syncs at least flushInterval apart; appends arriving meanwhile share the next sync. An isolated
     * append after a quiet period is synced at once. The flusher parks while idle; an append unparks it only when
     * it is idle (Dekker handshake on the volatiles flusherIdle and lastSequence). With fsync=false records are
     * durable when written. A failed fsync poisons the journal (fsync errors cannot be retried safely: the kernel
     * may have dropped the dirty pages); waiters and appenders get JOURNAL_IO_FAILURE; restart re-validates.
     *
     * Rolls. Before a record would take the active segment past segmentBytes (and the segment holds a record),
     * the segment is synced, sealed and closed; the new one is created with its header, synced together with the
     * directory, so a new segment's name is durable before any record in it is acknowledged.
     *
     * Readers see only durable bytes: in the DurablePoint's segment up to its position, in earlier segments to
     * their (sealed) end, in later segments nothing. They never buffer bytes past that limit, because bytes beyond
     * it may be half written. Readers use their own channels, so a checkpoint deleting a segment (unlink) does not
     * disturb a reader inside it; a reader that finds its next segment deleted moves on to the one after.
     *
     * Recovery on open. Older (sealed) segments are trusted as to length; their records are checked by readers.
     * The last segment is validated record by record (CRC, inner lengths, sequence continuity). At the first
     * invalid record the rest of the file is scanned for a later valid record with a plausible sequence: if one is
     * found the bad bytes are a corruption in the middle (kept, logged; readers skip and count them), otherwise
     * they are a torn tail and are truncated away (logged with the byte count). A segment shorter than its header
     * got no acknowledged record and is recreated. A corrupt region met by a reader is logged at ERROR with the
     * sequences lost, counted in stats, and skipped by scanning for the next valid record (or the segment end);
     * the node never stops on it.
     *
     * Budget. An append is rejected whole (nothing written) when bytes of segments still holding records beyond
     * the checkpoint (sealed segments are deleted as soon as a checkpoint covers them; the active one counts
     * unless fully checkpointed) plus the batch would exceed maxBytes, or when the file store's usable space minus
     * the batch would fall below minFreeDiskBytes. Usable space is queried at most once a second unless the
     * running estimate gets close to the floor.
     *
     * Allocation on append: the batch is encoded into one reused direct buffer (strings encoded in place, the
     * payload copied once) and written with one write call when it fits; no per-record objects.
     */
    private static final System.Logger LOG = System.getLogger(Journal.class.getName());

    static final String CHECKPOINT_FILE = "checkpoint";
    static final String CHECKPOINT_TEMP_FILE = "checkpoint.tmp";
    static final String LOCK_FILE = "journal.lock";
    private static final int CHECKPOINT_MAGIC = 0x4D534A43;
    private static final int CHECKPOINT_BYTES = 16;
    private static final long FREE_SPACE_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final JournalConfig config;
    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock directoryLock;
    private final FileStore fileStore;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock forceLock = new ReentrantLock();
    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition durableAdvanced = stateLock.newCondition();
    private final RecordEncoder encoder = new RecordEncoder();
    private final long flushIntervalNanos;
    private final long truncatedTailBytes;
    private final @Nullable Thread flusher;

    // guarded by writeLock
    private Segment active;
    private FileChannel activeChannel;
    private long usableEstimate;
    private long usableCheckedAt;

    private volatile long lastSequence;
    private volatile DurablePoint durable;
    private volatile long checkpoint;
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile boolean stopFlusher;
    private volatile boolean flusherIdle;
    private volatile @Nullable MedsocException failure;
    private volatile boolean directorySyncWarned;

    private final AtomicLong sealedBytes = new AtomicLong();
    private final AtomicLong appendedRecords = new AtomicLong();
    private final AtomicLong appendedBytes = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong fullRejections = new AtomicLong();
    private final AtomicLong corruptRecordsSkipped = new AtomicLong();

    private Journal(JournalConfig config, FileChannel lockChannel, FileLock directoryLock) throws IOException {
        this.config = config;
        this.directory = config.directory();
        this.lockChannel = lockChannel;
        this.directoryLock = directoryLock;
        this.fileStore = Files.getFileStore(directory);
        this.flushIntervalNanos = config.flushInterval().toNanos();

        Files.deleteIfExists(directory.resolve(CHECKPOINT_TEMP_FILE));
        this.checkpoint = readCheckpoint();
        List<Long> firsts = listSegments();
        long truncated = 0;
        long last;
        if (firsts.isEmpty()) {
            openNewSegment(checkpoint + 1);
            last = checkpoint;
        } else {
            for (int i = 0; i < firsts.size() - 1; i++) {
                long first = firsts.get(i);
                Path path = directory.resolve(RecordFormat.segmentFileName(first));
                Segment s = new Segment(first, path, Files.size(path), true);
                segments.put(first, s);
                sealedBytes.addAndGet(s.size);
            }
            long first = firsts.getLast();
            Recovered r = recoverLastSegment(first);
            truncated = r.truncatedBytes;
            last = r.lastSequence;
            if (checkpoint > last) {
                LOG.log(
                        Level.WARNING,
                        "journal " + directory + ": checkpoint " + checkpoint + " is beyond the last record " + last
                                + " (segment files were removed?); new records start at " + (checkpoint + 1));
                if (r.validEnd == SEGMENT_HEADER_BYTES) {
                    activeChannel.close();
                    Files.delete(active.path);
                    segments.remove(first);
                } else {
                    activeChannel.force(false);
                    activeChannel.close();
                    active.sealed = true;
                    sealedBytes.addAndGet(active.size);
                }
                openNewSegment(checkpoint + 1);
                last = checkpoint;
            }
        }
        this.truncatedTailBytes = truncated;
        this.lastSequence = last;
        activeChannel.force(true);
        this.durable = new DurablePoint(active.firstSequence, active.size, last);
        deleteCheckpointedSegments(checkpoint);
        this.usableEstimate = fileStore.getUsableSpace();
        this.usableCheckedAt = System.nanoTime();
        if (config.fsync()) {
            Thread t = new Thread(this::runFlusher, "medsoc-journal-flusher");
            t.setDaemon(true);
            this.flusher = t;
            t.start();
        } else {
            this.flusher = null;
        }
        LOG.log(
                Level.INFO,
                "journal " + directory + " opened: " + segments.size() + " segments, last sequence " + last
                        + ", checkpoint " + checkpoint + (truncated > 0 ? ", torn tail of " + truncated + " bytes dropped" : ""));
    }

    /**
     * Opens (creating if needed) the journal in {@code config.directory()}, recovering from a crash: a torn tail of
     * the last segment is truncated, sequences resume after the last valid record.
     *
     * @throws MedsocException {@link JournalErrorCode#JOURNAL_LOCKED} when another journal holds the directory,
     *     {@link JournalErrorCode#JOURNAL_IO_FAILURE} when the files cannot be read or written
     */
    public static Journal open(JournalConfig config) {
        requireNonNull(config, "config is null");
        Path dir = config.directory();
        FileChannel lockChannel;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), CREATE, WRITE);
        } catch (IOException e) {
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_IO_FAILURE,
                    "cannot create or open the journal directory " + dir + ": " + e
                            + "; check that ingest.journal.dir points to a writable directory",
                    e);
        }
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_LOCKED,
                    "journal directory " + dir + " is in use by another journal (another medsoc process, or an open"
                            + " Journal in this one); stop it or point ingest.journal.dir elsewhere");
        }
        try {
            return new Journal(config, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel close below releases it too
            }
            closeQuietly(lockChannel);
            if (e instanceof MedsocException m) {
                throw m;
            }
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_IO_FAILURE, "cannot open the journal in " + dir + ": " + e, e);
        }
    }

    /**
     * Appends {@code batch} in order and returns the sequence of its last record (of the last record so far when
     * the batch is empty). The records are written but not yet durable: acknowledge only after
     * {@link #awaitDurable}. A batch is written whole or not at all.
     *
     * @throws MedsocException {@link JournalErrorCode#JOURNAL_FULL} when the unprocessed-bytes budget or the
     *     free-disk floor would be crossed, {@link JournalErrorCode#JOURNAL_RECORD_TOO_LARGE} when a message is too
     *     large, {@link JournalErrorCode#JOURNAL_CLOSED}, {@link JournalErrorCode#JOURNAL_IO_FAILURE}
     */
    public long append(List<RawMessage> batch) {
        requireNonNull(batch, "batch is null");
        int n = batch.size();
        writeLock.lock();
        try {
            ensureWritable();
            if (n == 0) {
                return lastSequence;
            }
            int[] sizes = encoder.sizes(n);
            long batchBytes = 0;
            for (int i = 0; i < n; i++) {
                int size = RecordEncoder.recordSize(batch.get(i), i);
                sizes[i] = size;
                batchBytes += size;
            }
            checkRoom(batchBytes);
            Segment startSegment = active;
            long startSize = active.size;
            long sequence = lastSequence;
            try {
                for (int i = 0; i < n; i++) {
                    int size = sizes[i];
                    long end = active.size + encoder.pending();
                    if (end + size > config.segmentBytes() && end > SEGMENT_HEADER_BYTES) {
                        flushEncoder();
                        roll(sequence);
                    }
                    if (!encoder.fits(size)) {
                        flushEncoder();
                        encoder.reserve(size);
                    }
                    encoder.encode(++sequence, batch.get(i), size);
                }
                flushEncoder();
            } catch (IOException e) {
                throw writeFailed(e, startSegment, startSize);
            }
            lastSequence = sequence;
            appendedRecords.addAndGet(n);
            appendedBytes.addAndGet(batchBytes);
            usableEstimate -= batchBytes;
            if (config.fsync()) {
                Thread f = flusher;
                if (flusherIdle && f != null) {
                    LockSupport.unpark(f);
                }
            } else {
                publishDurable(new DurablePoint(active.firstSequence, active.size, sequence));
            }
            return sequence;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Blocks until every record through {@code sequence} is durable (fsynced). Returns at once when it already is.
     *
     * @throws MedsocException {@link JournalErrorCode#JOURNAL_CLOSED} when the journal closes first (then the
     *     records must not be acknowledged), {@link JournalErrorCode#JOURNAL_IO_FAILURE} when an fsync failed,
     *     {@link JournalErrorCode#JOURNAL_INTERRUPTED} when the thread is interrupted (the flag is kept)
     */
    public void awaitDurable(long sequence) {
        if (sequence <= durable.sequence()) {
            return;
        }
        stateLock.lock();
        try {
            while (durable.sequence() < sequence) {
                MedsocException f = failure;
                if (f != null) {
                    throw new MedsocException(JournalErrorCode.JOURNAL_IO_FAILURE, f.getMessage(), f);
                }
                if (closed) {
                    throw new MedsocException(
                            JournalErrorCode.JOURNAL_CLOSED,
                            "journal in " + directory + " closed before sequence " + sequence
                                    + " became durable (durable through " + durable.sequence()
                                    + "); do not acknowledge the batch, the sender must resend it");
                }
                durableAdvanced.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_INTERRUPTED,
                    "interrupted while waiting for journal sequence " + sequence + " to become durable",
                    e);
        } finally {
            stateLock.unlock();
        }
    }

    /** Appends {@code batch} and waits until it is durable; returns the sequence of its last record. */
    public long appendDurably(List<RawMessage> batch) {
        long sequence = append(batch);
        awaitDurable(sequence);
        return sequence;
    }

    /** The sequence of the last appended record (0 when none). */
    public long lastSequence() {
        return lastSequence;
    }

    /** The sequence through which records are durable and readable. */
    public long durableSequence() {
        return durable.sequence();
    }

    /** The last checkpointed sequence (0 if none), as persisted. */
    public long checkpoint() {
        return checkpoint;
    }

    /**
     * Persists {@code sequence} as the consumer's position atomically (write temporary file, fsync, rename, fsync
     * directory), then deletes the segments whose records are all at or before it. Records after it are replayed
     * on restart. Checkpointing the current position again does nothing.
     *
     * @throws MedsocException {@link JournalErrorCode#JOURNAL_INVALID_CHECKPOINT} when {@code sequence} is below
     *     the current checkpoint or beyond {@link #durableSequence()}
     */
    public void checkpoint(long sequence) {
        checkpointLock.lock();
        try {
            if (closing) {
                throw closedException();
            }
            long current = checkpoint;
            if (sequence < current) {
                throw new MedsocException(
                        JournalErrorCode.JOURNAL_INVALID_CHECKPOINT,
                        "journal checkpoint cannot move backwards: requested " + sequence + ", already at " + current);
            }
            long durableThrough = durable.sequence();
            if (sequence > durableThrough) {
                throw new MedsocException(
                        JournalErrorCode.JOURNAL_INVALID_CHECKPOINT,
                        "journal checkpoint " + sequence + " is beyond the durable sequence " + durableThrough
                                + "; checkpoint only sequences of records read from the journal");
            }
            if (sequence == current) {
                return;
            }
            writeCheckpoint(sequence);
            checkpoint = sequence;
            deleteCheckpointedSegments(sequence);
        } catch (IOException e) {
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_IO_FAILURE,
                    "cannot write the journal checkpoint in " + directory + ": " + e
                            + "; records will be replayed from the previous checkpoint on restart",
                    e);
        } finally {
            checkpointLock.unlock();
        }
    }

    /**
     * Opens a reader of the durable records with sequences greater than {@code afterSequence}, typically
     * {@link #checkpoint()}. Records already deleted by a checkpoint are not returned.
     */
    public JournalReader openReader(long afterSequence) {
        if (afterSequence < 0) {
            throw new MedsocException(
                    StandardErrorCode.INVALID_ARGUMENT, "afterSequence is negative: " + afterSequence);
        }
        if (closing) {
            throw closedException();
        }
        return new TailingReader(this, afterSequence);
    }

    /** A snapshot of sizes and counters. */
    public JournalStats stats() {
        long bytes = 0;
        int count = 0;
        for (Segment s : segments.values()) {
            bytes += s.size;
            count++;
        }
        return new JournalStats(
                bytes,
                count,
                lastSequence,
                durable.sequence(),
                checkpoint,
                appendedRecords.get(),
                appendedBytes.get(),
                fsyncs.get(),
                fullRejections.get(),
                corruptRecordsSkipped.get(),
                truncatedTailBytes);
    }

    /**
     * Makes everything appended durable, stops the flusher, releases the files and wakes waiters: those whose
     * records became durable return, the others fail with {@link JournalErrorCode#JOURNAL_CLOSED}. Idempotent.
     */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
        } finally {
            writeLock.unlock();
        }
        stopFlusher = true;
        Thread f = flusher;
        if (f != null) {
            LockSupport.unpark(f);
            boolean interrupted = false;
            while (f.isAlive()) {
                try {
                    f.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        writeLock.lock();
        forceLock.lock();
        try {
            if (failure == null && durable.sequence() < lastSequence) {
                activeChannel.force(false);
                fsyncs.incrementAndGet();
                publishDurable(new DurablePoint(active.firstSequence, active.size, lastSequence));
            }
        } catch (IOException e) {
            fail("final fsync of " + active.path + " at close failed", e);
        } finally {
            closeQuietly(activeChannel);
            try {
                directoryLock.release();
            } catch (IOException ignored) {
                // closing the channel releases it as well
            }
            closeQuietly(lockChannel);
            forceLock.unlock();
            writeLock.unlock();
        }
        closed = true;
        signalWaiters();
        LOG.log(Level.INFO, "journal " + directory + " closed at sequence " + lastSequence);
    }

    // ---- writer internals (under writeLock)

    private void ensureWritable() {
        if (closing) {
            throw closedException();
        }
        MedsocException f = failure;
        if (f != null) {
            throw new MedsocException(JournalErrorCode.JOURNAL_IO_FAILURE, f.getMessage(), f);
        }
    }

    private MedsocException closedException() {
        return new MedsocException(
                JournalErrorCode.JOURNAL_CLOSED, "journal in " + directory + " is closed; the node is shutting down");
    }

    private long unprocessedBytes() {
        return sealedBytes.get() + (lastSequence > checkpoint ? active.size : 0);
    }

    private void checkRoom(long batchBytes) {
        long need = batchBytes + SEGMENT_HEADER_BYTES * (1 + batchBytes / config.segmentBytes());
        long unprocessed = unprocessedBytes();
        long max = config.maxBytes();
        if (unprocessed + need > max) {
            fullRejections.incrementAndGet();
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_FULL,
                    String.format(
                            Locale.ROOT,
                            "journal is full: %d bytes of records not yet checkpointed (%.1f%% of"
                                    + " ingest.journal.max-size=%d, %d segments in %s) plus this batch of %d bytes"
                                    + " would exceed the limit; nothing was written. The pipeline is behind or"
                                    + " stopped: check that events are being stored, or raise ingest.journal.max-size",
                            unprocessed,
                            100.0 * unprocessed / max,
                            max,
                            segments.size(),
                            directory,
                            batchBytes));
        }
        long floor = config.minFreeDiskBytes();
        long now = System.nanoTime();
        if (now - usableCheckedAt > FREE_SPACE_RECHECK_NANOS || usableEstimate - need < floor) {
            try {
                usableEstimate = fileStore.getUsableSpace();
            } catch (IOException e) {
                throw new MedsocException(
                        JournalErrorCode.JOURNAL_IO_FAILURE,
                        "cannot query the free space of the file system holding " + directory + ": " + e,
                        e);
            }
            usableCheckedAt = now;
        }
        if (usableEstimate - need < floor) {
            fullRejections.incrementAndGet();
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_FULL,
                    "disk holding the journal (" + directory + ") has " + usableEstimate
                            + " bytes usable; this batch of " + batchBytes
                            + " bytes would leave less than ingest.journal.min-free-disk=" + floor
                            + " bytes; nothing was written. Free space on that file system, or lower"
                            + " ingest.journal.min-free-disk");
        }
    }

    private void flushEncoder() throws IOException {
        if (encoder.pending() > 0) {
            active.size += encoder.writeTo(activeChannel);
        }
    }

    private MedsocException writeFailed(IOException e, Segment startSegment, long startSize) {
        encoder.discard();
        if (active == startSegment) {
            try {
                activeChannel.truncate(startSize);
                activeChannel.position(startSize);
                active.size = startSize;
                return new MedsocException(
                        JournalErrorCode.JOURNAL_IO_FAILURE,
                        "writing to journal segment " + active.path + " failed: " + e
                                + "; the batch was not appended, check the disk",
                        e);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
        }
        return fail("writing to journal segment " + active.path + " failed and could not be undone", e);
    }

    /** Seals the active segment (synced), and starts a new one after {@code lastWritten}. */
    private void roll(long lastWritten) throws IOException {
        forceLock.lock();
        try {
            if (config.fsync()) {
                activeChannel.force(false);
                fsyncs.incrementAndGet();
            }
            active.sealed = true;
            sealedBytes.addAndGet(active.size);
            publishDurable(new DurablePoint(active.firstSequence, active.size, lastWritten));
            activeChannel.close();
        } finally {
            forceLock.unlock();
        }
        openNewSegment(lastWritten + 1);
    }

    private void openNewSegment(long firstSequence) throws IOException {
        Path path = directory.resolve(RecordFormat.segmentFileName(firstSequence));
        FileChannel channel = FileChannel.open(path, CREATE_NEW, READ, WRITE);
        try {
            ByteBuffer header = RecordFormat.segmentHeader(firstSequence);
            while (header.hasRemaining()) {
                channel.write(header);
            }
            if (config.fsync()) {
                channel.force(true);
                syncDirectory();
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
        Segment segment = new Segment(firstSequence, path, SEGMENT_HEADER_BYTES, false);
        segments.put(firstSequence, segment);
        active = segment;
        activeChannel = channel;
    }

    // ---- durability

    /** Publishes a durable point if it is ahead of the current one; under forceLock, or writeLock without fsync. */
    private void publishDurable(DurablePoint point) {
        if (point.sequence() > durable.sequence()) {
            durable = point;
            signalWaiters();
        }
    }

    private void signalWaiters() {
        stateLock.lock();
        try {
            durableAdvanced.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    private void runFlusher() {
        long lastStart = System.nanoTime() - flushIntervalNanos;
        try {
            while (!stopFlusher) {
                flusherIdle = true;
                if (durable.sequence() >= lastSequence) {
                    LockSupport.park(this);
                    flusherIdle = false;
                    continue;
                }
                flusherIdle = false;
                long wait = lastStart + flushIntervalNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                    continue;
                }
                lastStart = System.nanoTime();
                flushOnce();
            }
        } catch (IOException | RuntimeException | Error e) {
            fail("fsync of the journal in " + directory + " failed", e);
        }
    }

    private void flushOnce() throws IOException {
        Segment segment;
        FileChannel channel;
        long position;
        long sequence;
        writeLock.lock();
        try {
            segment = active;
            channel = activeChannel;
            position = active.size;
            sequence = lastSequence;
        } finally {
            writeLock.unlock();
        }
        forceLock.lock();
        try {
            if (sequence <= durable.sequence()) {
                return; // a roll synced it
            }
            channel.force(false);
            fsyncs.incrementAndGet();
            publishDurable(new DurablePoint(segment.firstSequence, position, sequence));
        } finally {
            forceLock.unlock();
        }
    }

    private MedsocException fail(String what, Throwable cause) {
        MedsocException f = new MedsocException(
                JournalErrorCode.JOURNAL_IO_FAILURE,
                what + ": " + cause + "; the journal accepts no more appends, records through sequence "
                        + durable.sequence() + " are durable; check the disk and restart the node (recovery"
                        + " re-validates the files)",
                cause);
        if (failure == null) {
            failure = f;
            LOG.log(Level.ERROR, f.getMessage(), cause);
        }
        signalWaiters();
        return f;
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!directorySyncWarned) {
                directorySyncWarned = true;
                LOG.log(
                        Level.WARNING,
                        "cannot fsync the journal directory " + directory + " on this platform (" + e
                                + "); a new segment's name may not survive a power loss");
            }
        }
    }

    // ---- checkpoint

    private long readCheckpoint() throws IOException {
        Path file = directory.resolve(CHECKPOINT_FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        CRC32C crc = new CRC32C();
        if (bytes.length == CHECKPOINT_BYTES) {
            crc.update(bytes, 0, 12);
            long sequence = (long) RecordFormat.LONG.get(bytes, 4);
            if ((int) RecordFormat.INT.get(bytes, 0) == CHECKPOINT_MAGIC
                    && (int) RecordFormat.INT.get(bytes, 12) == (int) crc.getValue()
                    && sequence >= 0) {
                return sequence;
            }
        }
        LOG.log(
                Level.ERROR,
                "journal checkpoint file " + file + " is corrupt; replaying every retained record (the store may"
                        + " receive duplicates)");
        return 0;
    }

    private void writeCheckpoint(long sequence) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(CHECKPOINT_BYTES);
        b.putInt(CHECKPOINT_MAGIC).putLong(sequence);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 12);
        b.putInt((int) crc.getValue()).flip();
        Path temp = directory.resolve(CHECKPOINT_TEMP_FILE);
        try (FileChannel channel = FileChannel.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                channel.write(b);
            }
            if (config.fsync()) {
                channel.force(true);
            }
        }
        Files.move(
                temp,
                directory.resolve(CHECKPOINT_FILE),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        if (config.fsync()) {
            syncDirectory();
        }
    }

    /** Deletes sealed segments whose records are all at or before {@code through}, oldest first. */
    private void deleteCheckpointedSegments(long through) {
        for (Segment s : segments.values()) {
            Map.Entry<Long, Segment> next = segments.higherEntry(s.firstSequence);
            if (next == null || !s.sealed || next.getKey() - 1 > through) {
                return;
            }
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete checkpointed journal segment " + s.path + ": " + e);
                return;
            }
            segments.remove(s.firstSequence);
            sealedBytes.addAndGet(-s.size);
            LOG.log(Level.DEBUG, "deleted checkpointed journal segment " + s.path);
        }
    }

    // ---- recovery

    private List<Long> listSegments() throws IOException {
        List<Long> firsts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path p : files) {
                long first = RecordFormat.parseSegmentFileName(p.getFileName().toString());
                if (first > 0) {
                    firsts.add(first);
                }
            }
        }
        Collections.sort(firsts);
        return firsts;
    }

    private record Recovered(long validEnd, long lastSequence, long truncatedBytes) {}

    /** Validates the last segment, truncates a torn tail, and makes it the active segment. */
    private Recovered recoverLastSegment(long first) throws IOException {
        Path path = directory.resolve(RecordFormat.segmentFileName(first));
        FileChannel channel = FileChannel.open(path, READ, WRITE);
        try {
            long size = channel.size();
            long truncated = 0;
            byte[] header = new byte[SEGMENT_HEADER_BYTES];
            int headerRead = RecordFormat.readFully(channel, ByteBuffer.wrap(header), 0);
            if (headerRead < SEGMENT_HEADER_BYTES || !RecordFormat.validHeader(header, first)) {
                LOG.log(
                        Level.WARNING,
                        "journal segment " + path + " has an incomplete or invalid header (" + size
                                + " bytes); rewriting the header");
                if (size < SEGMENT_HEADER_BYTES) {
                    truncated = size;
                    channel.truncate(0);
                    size = SEGMENT_HEADER_BYTES;
                }
                ByteBuffer h = RecordFormat.segmentHeader(first);
                while (h.hasRemaining()) {
                    channel.write(h, h.position());
                }
                channel.force(true);
            }
            SegmentCursor cursor = new SegmentCursor(channel, SEGMENT_HEADER_BYTES);
            long lastGood = first - 1;
            boolean resync = false;
            long validEnd = SEGMENT_HEADER_BYTES;
            while (true) {
                long position = cursor.position();
                SegmentCursor.Step step = cursor.next(size);
                if (step == SegmentCursor.Step.END) {
                    break;
                }
                if (step == SegmentCursor.Step.RECORD
                        && (cursor.recordSequence() == lastGood + 1 || (resync && cursor.recordSequence() > lastGood))) {
                    lastGood = cursor.recordSequence();
                    validEnd = cursor.position();
                    resync = false;
                    continue;
                }
                long maxSequence = lastGood + 1 + (size - position) / RecordFormat.MIN_RECORD_BYTES;
                long next = RecordFormat.findNextValid(channel, position + 1, size, lastGood + 1, maxSequence);
                if (next < 0) {
                    truncated += size - position;
                    LOG.log(
                            Level.WARNING,
                            "journal segment " + path + ": dropping a torn tail of " + (size - position)
                                    + " bytes at offset " + position + " (an append interrupted by a crash);"
                                    + " records through sequence " + lastGood + " are intact");
                    channel.truncate(position);
                    channel.force(true);
                    validEnd = position;
                    break;
                }
                LOG.log(
                        Level.ERROR,
                        "journal segment " + path + ": " + (next - position) + " corrupt bytes at offset "
                                + position + " after sequence " + lastGood
                                + "; kept on disk, readers will skip them (records in them are lost)");
                cursor.seek(next);
                resync = true;
            }
            channel.position(validEnd);
            Segment segment = new Segment(first, path, validEnd, false);
            segments.put(first, segment);
            active = segment;
            activeChannel = channel;
            return new Recovered(validEnd, lastGood, truncated);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    // ---- for readers

    Path directory() {
        return directory;
    }

    ConcurrentSkipListMap<Long, Segment> segments() {
        return segments;
    }

    DurablePoint durablePoint() {
        return durable;
    }

    boolean isClosed() {
        return closed;
    }

    void countCorruptSkip() {
        corruptRecordsSkipped.incrementAndGet();
    }

    /** Waits up to {@code nanos} for the durable point to move past {@code seen} or the journal to close. */
    void awaitDurableChange(DurablePoint seen, long nanos) {
        stateLock.lock();
        try {
            long remaining = nanos;
            while (durable == seen && !closed && failure == null && remaining > 0) {
                remaining = durableAdvanced.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_INTERRUPTED, "interrupted while waiting for journal records", e);
        } finally {
            stateLock.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
