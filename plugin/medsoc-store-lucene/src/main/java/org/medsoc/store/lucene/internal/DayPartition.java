package org.medsoc.store.lucene.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.ReaderManager;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.store.Dataset;

/**
 * One Lucene index holding the events of one dataset and one UTC day, in its own directory.
 *
 * <p>Concurrency notes. The writer is opened, committed and closed only by the store's write lock. Readers come
 * from a {@link ReaderManager}: on the writer (near-real-time) while the writer is open, on the last commit
 * otherwise; the manager is swapped under this object's monitor, and a refresh that races with a swap sees an
 * {@link AlreadyClosedException} and is skipped (the new manager is already current). A search first takes a
 * reference on the partition ({@link #tryAcquire}), then a reader; {@link #drop} and {@link #close} give up the
 * store's own reference, and the last reference closes the directory and, for a dropped partition, deletes it.
 * A dropped partition's directory is renamed away at once so that the same day can be written again immediately.
 */
public final class DayPartition {
    private static final System.Logger LOG = System.getLogger(DayPartition.class.getName());
    /** Suffix of directories of dropped partitions waiting for their last reader. */
    public static final String DROPPED_SUFFIX = ".dropped";

    private final Dataset dataset;
    private final LocalDate day;
    private final String name;
    private Path path;
    private final Directory directory;
    private @Nullable IndexWriter writer;
    private volatile @Nullable ReaderManager readers;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean dropped;

    private DayPartition(Dataset dataset, LocalDate day, Path path, Directory directory) {
        this.dataset = dataset;
        this.day = day;
        this.name = name(dataset, day);
        this.path = path;
        this.directory = directory;
    }

    /** Opens (or creates the directory of) a partition under {@code root}. */
    public static DayPartition open(Path root, Dataset dataset, LocalDate day) throws IOException {
        Path path = root.resolve(name(dataset, day));
        Files.createDirectories(path);
        return new DayPartition(dataset, day, path, FSDirectory.open(path));
    }

    /** The directory name of a partition: {@code events-2026-11-25} or {@code deadletters-2026-11-25}. */
    public static String name(Dataset dataset, LocalDate day) {
        return prefix(dataset) + day;
    }

    /** The name prefix of a dataset. */
    public static String prefix(Dataset dataset) {
        return switch (dataset) {
            case EVENTS -> "events-";
            case DEAD_LETTERS -> "deadletters-";
            case ALERTS -> "alerts-";
        };
    }

    public Dataset dataset() {
        return dataset;
    }

    public LocalDate day() {
        return day;
    }

    public String name() {
        return name;
    }

    /** Takes a reference for reading; false when the partition is already released. */
    public boolean tryAcquire() {
        while (true) {
            int r = references.get();
            if (r <= 0) {
                return false;
            }
            if (references.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes (and for a dropped partition deletes) the index. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            destroy();
        }
    }

    /** The writer, opened on first use. Caller holds the store's write lock. */
    public IndexWriter writer(IndexWriterConfig config) throws IOException {
        IndexWriter w = writer;
        if (w != null) {
            return w;
        }
        w = new IndexWriter(directory, config);
        writer = w;
        swapReaders(new ReaderManager(w));
        return w;
    }

    /** Whether a writer is open. Caller holds the store's write lock. */
    public boolean hasWriter() {
        return writer != null;
    }

    /** Commits pending changes, if any. Caller holds the store's write lock. */
    public void commit() throws IOException {
        IndexWriter w = writer;
        if (w != null && w.hasUncommittedChanges()) {
            w.commit();
        }
    }

    /** Commits and closes the writer; readers switch to the commit. Caller holds the store's write lock. */
    public void closeWriter() throws IOException {
        IndexWriter w = writer;
        if (w == null) {
            return;
        }
        writer = null;
        w.commit();
        w.close();
        swapReaders(openCommitReaders());
    }

    /**
     * A reader of the latest refreshed state with a reference taken (give it back with
     * {@link DirectoryReader#decRef()}), or null when the partition has never been committed.
     */
    public @Nullable DirectoryReader acquireReader() throws IOException {
        synchronized (this) {
            ReaderManager m = readers;
            if (m == null) {
                m = openCommitReaders();
                if (m == null) {
                    return null;
                }
                readers = m;
            }
            return m.acquire();
        }
    }

    /** Makes written documents visible to new readers. */
    public void refresh() throws IOException {
        ReaderManager m = readers;
        if (m == null) {
            return;
        }
        try {
            m.maybeRefreshBlocking();
        } catch (AlreadyClosedException e) {
            // swapped or released concurrently: the replacement is current
        }
    }

    /** Documents held: the writer's count while it is open (refreshed or not), else the last commit's. */
    public long eventCount() throws IOException {
        IndexWriter w = writer;
        if (w != null) {
            return w.getDocStats().numDocs;
        }
        try {
            SegmentInfos infos = SegmentInfos.readLatestCommit(directory);
            long n = 0;
            for (SegmentCommitInfo info : infos) {
                n += info.info.maxDoc() - info.getDelCount() - info.getSoftDelCount();
            }
            return n;
        } catch (IndexNotFoundException e) {
            return 0;
        }
    }

    /** Bytes of the files in the partition directory. */
    public long sizeBytes() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
            for (Path f : files) {
                try {
                    total += Files.size(f);
                } catch (NoSuchFileException e) {
                    // merged away while listing
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return total;
    }

    /** Discards the writer, moves the directory aside and gives up the store's reference. Under the write lock. */
    public void drop() throws IOException {
        dropped = true;
        IndexWriter w = writer;
        writer = null;
        if (w != null) {
            w.rollback();
        }
        Path aside = path.resolveSibling(path.getFileName() + DROPPED_SUFFIX + "-" + System.nanoTime());
        try {
            Files.move(path, aside);
            path = aside;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot move dropped partition " + name + " aside; deleting it"
                    + " in place once searches finish: " + e);
        }
        release();
    }

    /** Commits, closes the writer and gives up the store's reference. Under the write lock. */
    public void close() throws IOException {
        IndexWriter w = writer;
        writer = null;
        if (w != null) {
            w.commit();
            w.close();
        }
        release();
    }

    private @Nullable ReaderManager openCommitReaders() throws IOException {
        try {
            return new ReaderManager(directory);
        } catch (IndexNotFoundException e) {
            return null;
        }
    }

    private void swapReaders(@Nullable ReaderManager next) throws IOException {
        ReaderManager previous;
        synchronized (this) {
            previous = readers;
            readers = next;
        }
        if (previous != null) {
            previous.close();
        }
    }

    private void destroy() {
        try {
            swapReaders(null);
            directory.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close partition " + name + ": " + e, e);
        }
        if (dropped) {
            deleteRecursively(path);
        }
    }

    /** Deletes a directory tree, logging (not throwing) what cannot be deleted. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + root + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
