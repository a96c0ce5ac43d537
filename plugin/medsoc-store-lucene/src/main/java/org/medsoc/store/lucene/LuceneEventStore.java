package org.medsoc.store.lucene;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.SortedSetSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.HistogramBucket;
import org.medsoc.spi.store.Partition;
import org.medsoc.spi.store.SearchResult;
import org.medsoc.spi.store.SortOrder;
import org.medsoc.spi.store.ValueCount;
import org.medsoc.spi.store.WriteMode;
import org.medsoc.store.lucene.internal.Aggregations;
import org.medsoc.store.lucene.internal.DayPartition;
import org.medsoc.store.lucene.internal.EventDocuments;
import org.medsoc.store.lucene.internal.EventQueryParser;
import org.medsoc.store.lucene.internal.EventSource;
import org.medsoc.store.lucene.internal.FieldNames;
import org.medsoc.store.lucene.internal.LogAnalyzer;

/**
 * The embedded event store: one Apache Lucene index per dataset and UTC day ({@code events-2026-11-25},
 * {@code deadletters-2026-11-25}) under one directory.
 *
 * <p>Each event is one document: typed index structures per field (see {@code EventDocuments}) for search, sort and
 * aggregation, and the whole event once as a compact binary stored field compressed with the codec's
 * {@code BEST_COMPRESSION} mode, from which searches rebuild events. Queries use the Lucene classic syntax with
 * typed fields (see {@code EventQueryParser}); every read is filtered by tenant, dataset and time range, and only
 * partitions whose day overlaps the range are opened.
 *
 * <p>Concurrency: several threads write at once (Lucene's IndexWriter indexes concurrently; each thread has its own
 * document builder). Writes and commits hold the shared side of a read-write lock; drops, writer eviction and close
 * hold its exclusive side; a small mutex guards the map of open writers. Searches take no store lock: they hold
 * references on the partitions and readers they use, so a concurrent {@link #drop} deletes files only after the last
 * search using them finishes. At most {@link LuceneStoreConfig#maxOpenPartitions()} writers stay open; after a write
 * the least recently written ones beyond that are committed and closed.
 *
 * <p>Refresh: a background thread refreshes readers every {@link LuceneStoreConfig#refreshInterval()}, but only while
 * the store is searched (within {@link #SEARCH_IDLE_AFTER} of the last search). An idle store skips the refreshes —
 * each one flushes a small segment that must later be merged, a large share of indexing cost — and the first search
 * after a pause refreshes synchronously when written events are not yet visible. So a search never sees data older
 * than the refresh interval, and a store that is only written indexes at full speed.
 *
 * <p>A failed batch may have been written in part; writing it again with {@link WriteMode#UPSERT} repairs that.
 */
public final class LuceneEventStore implements EventStore {
    /** Largest {@code offset + limit} of a search. */
    public static final int MAX_RESULT_WINDOW = 100_000;
    /** Largest number of (non-empty) buckets of a histogram. */
    public static final int MAX_BUCKETS = 50_000;
    /** Largest {@code size} of top values. */
    public static final int MAX_TOP_VALUES = 10_000;

    private static final System.Logger LOG = System.getLogger(LuceneEventStore.class.getName());
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String LOCK_FILE = "store.lock";
    private static final String DEAD_LETTER_KIND = "pipeline_error";
    private static final String SIGNAL_KIND = "signal";
    private static final Dataset LAST_DATASET = Dataset.values()[Dataset.values().length - 1];
    private static final LogAnalyzer ANALYZER = new LogAnalyzer();
    /** A store not searched for this long stops background refreshes until the next search. */
    public static final Duration SEARCH_IDLE_AFTER = Duration.ofSeconds(30);

    private final LuceneStoreConfig config;
    private final ConcurrentSkipListMap<Key, DayPartition> partitions = new ConcurrentSkipListMap<>();
    /** Guards the map of open writers (short critical sections). */
    private final ReentrantLock lock = new ReentrantLock();
    /** Shared: writes and commits. Exclusive: drops, writer eviction, close. */
    private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
    private volatile long lastSearchNanos = System.nanoTime() - SEARCH_IDLE_AFTER.toNanos() - 1;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long lastRefreshNanos = System.nanoTime();
    /** Partitions with an open writer, least recently written first. Guarded by {@link #lock}. */
    private final LinkedHashMap<DayPartition, Boolean> openWriters = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong unindexedValues = new AtomicLong();
    private final ThreadLocal<EventDocuments> documents =
            ThreadLocal.withInitial(() -> new EventDocuments(unindexedValues));
    private final AtomicBoolean closed = new AtomicBoolean();
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final @Nullable ScheduledExecutorService refresher;

    private record Key(long epochDay, Dataset dataset) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(epochDay, o.epochDay);
            return c != 0 ? c : dataset.compareTo(o.dataset);
        }
    }

    private LuceneEventStore(LuceneStoreConfig config, FileChannel lockChannel, FileLock fileLock) {
        this.config = config;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        Duration interval = config.refreshInterval();
        if (interval.isZero()) {
            this.refresher = null;
        } else {
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "medsoc-store-refresh");
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, interval.toMillis());
            refresher.scheduleWithFixedDelay(this::refreshInBackground, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens the store in {@link LuceneStoreConfig#directory()}, creating it if needed and reopening the partitions
     * found there. Fails with {@link LuceneStoreErrorCode#STORE_LOCKED} if another process has it open.
     */
    public static LuceneEventStore open(LuceneStoreConfig config) {
        requireNonNull(config, "config is null");
        Path dir = config.directory();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock;
            try {
                fileLock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            }
            if (fileLock == null) {
                throw new MedsocException(
                        LuceneStoreErrorCode.STORE_LOCKED,
                        "event store " + dir + " is in use by another store instance or process; stop it or set"
                                + " store.lucene.dir to another directory");
            }
            LuceneEventStore store = new LuceneEventStore(config, channel, fileLock);
            store.loadPartitions();
            return store;
        } catch (IOException e) {
            closeQuietly(channel);
            throw failure("cannot open event store " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void loadPartitions() throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(config.directory())) {
            for (Path child : children) {
                if (!Files.isDirectory(child)) {
                    continue;
                }
                String name = child.getFileName().toString();
                if (name.contains(DayPartition.DROPPED_SUFFIX)) {
                    DayPartition.deleteRecursively(child);
                    continue;
                }
                Key key = parseName(name);
                if (key == null) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring unexpected directory " + child + " in event store");
                    continue;
                }
                partitions.put(key, DayPartition.open(config.directory(), key.dataset, LocalDate.ofEpochDay(key.epochDay)));
            }
        }
        LOG.log(System.Logger.Level.INFO, "opened event store " + config.directory() + " with " + partitions.size()
                + " partitions");
    }

    private static @Nullable Key parseName(String name) {
        for (Dataset d : Dataset.values()) {
            String prefix = DayPartition.prefix(d);
            if (name.startsWith(prefix)) {
                try {
                    LocalDate day = LocalDate.parse(name.substring(prefix.length()));
                    return new Key(day.toEpochDay(), d);
                } catch (DateTimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Values kept in the stored event only because they did not fit their field type (e.g. a port "http"). */
    public long unindexedValues() {
        return unindexedValues.get();
    }

    @Override
    public void write(List<Event> events, WriteMode mode) {
        requireNonNull(events, "events is null");
        requireNonNull(mode, "mode is null");
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.id() == null) {
                throw new MedsocException(
                        LuceneStoreErrorCode.MISSING_EVENT_ID,
                        "event " + i + " of " + events.size() + " in the batch (tenant " + e.tenant() + ", @timestamp "
                                + e.timestamp() + ") has no id; assign ids (from the journal sequence) before"
                                + " storing. Nothing of this batch was written");
            }
        }
        EventDocuments documents = this.documents.get();
        structure.readLock().lock();
        try {
            checkOpen();
            long lastDay = Long.MIN_VALUE;
            Dataset lastDataset = null;
            IndexWriter writer = null;
            for (Event e : events) {
                String id = requireNonNull(e.id());
                String kind = e.value(Fields.EVENT_KIND);
                Dataset dataset = DEAD_LETTER_KIND.equals(kind)
                        ? Dataset.DEAD_LETTERS
                        : SIGNAL_KIND.equals(kind) ? Dataset.ALERTS : Dataset.EVENTS;
                long day = Math.floorDiv(e.timestamp(), DAY_MILLIS);
                if (writer == null || day != lastDay || dataset != lastDataset) {
                    lock.lock();
                    try {
                        writer = writerFor(new Key(day, dataset));
                    } finally {
                        lock.unlock();
                    }
                    lastDay = day;
                    lastDataset = dataset;
                }
                Document doc = documents.toDocument(e, id);
                switch (mode) {
                    case APPEND -> writer.addDocument(doc);
                    case UPSERT -> writer.updateDocument(new Term(FieldNames.ID, id), doc);
                }
            }
        } catch (IOException e) {
            throw failure("cannot write " + events.size() + " events", e);
        } catch (IllegalArgumentException e) {
            throw new MedsocException(
                    LuceneStoreErrorCode.FIELD_TYPE_CONFLICT,
                    "cannot index an event: " + e.getMessage() + "; a field changed type since the partition was"
                            + " created (schema change); the event is not stored",
                    e);
        } finally {
            lastWriteNanos = System.nanoTime();
            structure.readLock().unlock();
        }
        evictWriters();
    }

    /** Commits and closes the least recently written writers beyond {@code maxOpenPartitions}. */
    private void evictWriters() {
        if (openWriterCount() <= config.maxOpenPartitions()) {
            return;
        }
        structure.writeLock().lock();
        lock.lock();
        try {
            while (openWriters.size() > config.maxOpenPartitions()) {
                Iterator<DayPartition> eldest = openWriters.keySet().iterator();
                DayPartition evicted = eldest.next();
                eldest.remove();
                evicted.closeWriter();
            }
        } catch (IOException e) {
            throw failure("cannot close the writer of an idle partition", e);
        } finally {
            lock.unlock();
            structure.writeLock().unlock();
        }
    }

    private int openWriterCount() {
        lock.lock();
        try {
            return openWriters.size();
        } finally {
            lock.unlock();
        }
    }

    /** The writer of a partition, creating the partition as needed (eviction happens after the write). */
    private IndexWriter writerFor(Key key) throws IOException {
        DayPartition p = partitions.get(key);
        if (p == null) {
            p = DayPartition.open(config.directory(), key.dataset, LocalDate.ofEpochDay(key.epochDay));
            partitions.put(key, p);
        }
        if (p.hasWriter()) {
            openWriters.get(p);
            return p.writer(writerConfig());
        }
        IndexWriter w;
        try {
            w = p.writer(writerConfig());
        } catch (LockObtainFailedException e) {
            throw new MedsocException(
                    LuceneStoreErrorCode.STORE_LOCKED,
                    "partition " + p.name() + " is locked by another writer; stop the other process using "
                            + config.directory(),
                    e);
        }
        openWriters.put(p, Boolean.TRUE);
        return w;
    }

    private IndexWriterConfig writerConfig() {
        IndexWriterConfig c = new IndexWriterConfig(ANALYZER);
        c.setCodec(new Lucene104Codec(Lucene104Codec.Mode.BEST_COMPRESSION));
        c.setRAMBufferSizeMB(config.ramBufferMb());
        c.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        c.setCommitOnClose(true);
        return c;
    }

    @Override
    public void commit() {
        structure.readLock().lock();
        try {
            checkOpen();
            List<DayPartition> open;
            lock.lock();
            try {
                open = new ArrayList<>(openWriters.keySet());
            } finally {
                lock.unlock();
            }
            for (DayPartition p : open) {
                p.commit();
            }
        } catch (IOException e) {
            throw failure("cannot commit the event store", e);
        } finally {
            structure.readLock().unlock();
        }
    }

    @Override
    public void refresh() {
        checkOpen();
        lastRefreshNanos = System.nanoTime();
        try {
            for (DayPartition p : partitions.values()) {
                p.refresh();
            }
        } catch (IOException e) {
            throw failure("cannot refresh the event store", e);
        }
    }

    private void refreshInBackground() {
        long now = System.nanoTime();
        if (closed.get() || now - lastSearchNanos > SEARCH_IDLE_AFTER.toNanos() || lastWriteNanos - lastRefreshNanos < 0) {
            return; // nobody is searching, or nothing new to show
        }
        lastRefreshNanos = now;
        try {
            for (DayPartition p : partitions.values()) {
                p.refresh();
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "background refresh of the event store failed: " + e, e);
        }
    }

    @Override
    public SearchResult search(TenantId tenant, EventQuery query) {
        beforeRead();
        requireNonNull(tenant, "tenant is null");
        requireNonNull(query, "query is null");
        long window = (long) query.offset() + query.limit();
        if (window > MAX_RESULT_WINDOW) {
            throw new MedsocException(
                    LuceneStoreErrorCode.RESULT_WINDOW_TOO_LARGE,
                    "offset + limit is " + window + ", more than the maximum " + MAX_RESULT_WINDOW
                            + "; narrow the query or the time range instead of paging this deep");
        }
        Query filtered = filteredQuery(tenant, query);
        Sort sort = sortOf(query.sort());
        try (Snapshot snapshot = snapshot(query)) {
            IndexSearcher searcher = snapshot.searcher();
            if (searcher == null) {
                return new SearchResult(0, List.of());
            }
            if (query.limit() == 0) {
                return new SearchResult(searcher.count(filtered), List.of());
            }
            TopFieldDocs top = searcher.search(
                    filtered, new TopFieldCollectorManager(sort, (int) window, null, Integer.MAX_VALUE));
            if (top.totalHits.relation() != TotalHits.Relation.EQUAL_TO) {
                throw new IllegalStateException("total hits not exact: " + top.totalHits);
            }
            ScoreDoc[] hits = top.scoreDocs;
            int from = Math.min(query.offset(), hits.length);
            return new SearchResult(top.totalHits.value(), load(searcher, hits, from));
        } catch (IOException e) {
            throw failure("cannot search the event store", e);
        } catch (IllegalStateException e) {
            throw new MedsocException(
                    LuceneStoreErrorCode.FIELD_NOT_SORTABLE,
                    "cannot sort by '" + query.sort().field() + "' or evaluate the query: " + e.getMessage(),
                    e);
        } catch (IndexSearcher.TooManyClauses e) {
            throw tooManyClauses(query, e);
        }
    }

    /** Reads the stored events of hits[from..], in docid order for locality, returned in hit order. */
    private static List<Event> load(IndexSearcher searcher, ScoreDoc[] hits, int from) throws IOException {
        int n = hits.length - from;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = from + i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
        Event[] events = new Event[n];
        StoredFields stored = searcher.storedFields();
        SourceVisitor visitor = new SourceVisitor();
        for (Integer i : order) {
            visitor.event = null;
            stored.document(hits[i].doc, visitor);
            Event e = visitor.event;
            if (e == null) {
                throw new CorruptIndexException("document without _source", "doc " + hits[i].doc);
            }
            events[i - from] = e;
        }
        return Arrays.asList(events);
    }

    private static final class SourceVisitor extends StoredFieldVisitor {
        @Nullable Event event;

        @Override
        public Status needsField(FieldInfo fieldInfo) {
            if (event != null) {
                return Status.STOP;
            }
            return fieldInfo.name.equals(FieldNames.SOURCE) ? Status.YES : Status.NO;
        }

        @Override
        public void binaryField(FieldInfo fieldInfo, byte[] value) {
            event = EventSource.decode(new BytesRef(value));
        }
    }

    @Override
    public List<HistogramBucket> histogram(TenantId tenant, EventQuery query, Duration interval) {
        beforeRead();
        requireNonNull(tenant, "tenant is null");
        requireNonNull(query, "query is null");
        requireNonNull(interval, "interval is null");
        long step = interval.isNegative() || interval.isZero() ? 0 : interval.toMillis();
        if (step <= 0) {
            throw new MedsocException(
                    LuceneStoreErrorCode.INVALID_HISTOGRAM,
                    "histogram interval must be at least 1 millisecond, was " + interval);
        }
        Query filtered = filteredQuery(tenant, query);
        try (Snapshot snapshot = snapshot(query)) {
            IndexSearcher searcher = snapshot.searcher();
            if (searcher == null) {
                return List.of();
            }
            // partitions hold whole UTC days: the events lie within the selected days and the query range
            long start = Math.max(query.fromMillis(), snapshot.firstDay * DAY_MILLIS);
            long end = Math.min(query.toMillis(), (snapshot.lastDay + 1) * DAY_MILLIS); // exclusive
            long firstBucket = Math.floorDiv(start, step);
            long lastBucket = Math.floorDiv(end - 1, step);
            long dense = lastBucket - firstBucket + 1;
            int bucketCount = dense <= MAX_BUCKETS ? (int) dense : -1;
            return searcher.search(filtered, Aggregations.histogram(step, firstBucket, bucketCount, MAX_BUCKETS));
        } catch (Aggregations.TooManyBucketsException e) {
            throw new MedsocException(
                    LuceneStoreErrorCode.INVALID_HISTOGRAM,
                    "histogram with interval " + interval + " has more than " + MAX_BUCKETS
                            + " non-empty buckets; use a larger interval or a shorter time range");
        } catch (IOException e) {
            throw failure("cannot compute a histogram", e);
        } catch (IllegalStateException e) {
            throw new MedsocException(
                    LuceneStoreErrorCode.FIELD_TYPE_CONFLICT, "cannot compute a histogram: " + e.getMessage(), e);
        } catch (IndexSearcher.TooManyClauses e) {
            throw tooManyClauses(query, e);
        }
    }

    @Override
    public List<ValueCount> topValues(TenantId tenant, EventQuery query, String field, int size) {
        beforeRead();
        requireNonNull(tenant, "tenant is null");
        requireNonNull(query, "query is null");
        requireNonNull(field, "field is null");
        if (size < 1 || size > MAX_TOP_VALUES) {
            throw new MedsocException(
                    StandardErrorCode.INVALID_ARGUMENT,
                    "top values size must be within 1.." + MAX_TOP_VALUES + ", was " + size);
        }
        if (!Fields.isValidName(field) || FieldNames.isReserved(field) && !field.equals(FieldNames.TIMESTAMP)) {
            throw new MedsocException(
                    LuceneStoreErrorCode.FIELD_NOT_AGGREGATABLE,
                    "field '" + field + "' cannot be aggregated: it is not a valid event field name or is internal");
        }
        FieldType type = FieldNames.typeOf(field);
        if (type == FieldType.KEYWORD && FieldNames.isVendorOriginal(field)) {
            throw new MedsocException(
                    LuceneStoreErrorCode.FIELD_NOT_AGGREGATABLE,
                    "field '" + field + "' is a vendor original, indexed for search only; aggregate its normalised"
                            + " field instead (for example source.ip, destination.port, event.action, rule.name)");
        }
        String luceneField = type == FieldType.TEXT ? field + FieldNames.KEYWORD_SUFFIX : field;
        Aggregations.ValueKind kind = switch (type) {
            case KEYWORD, TEXT -> Aggregations.ValueKind.KEYWORD;
            case IP -> Aggregations.ValueKind.IP;
            case LONG -> Aggregations.ValueKind.LONG;
            case DATE -> Aggregations.ValueKind.DATE;
        };
        Query filtered = filteredQuery(tenant, query);
        try (Snapshot snapshot = snapshot(query)) {
            IndexSearcher searcher = snapshot.searcher();
            if (searcher == null) {
                return List.of();
            }
            return searcher.search(filtered, Aggregations.topValues(luceneField, kind, size));
        } catch (IOException e) {
            throw failure("cannot compute top values of " + field, e);
        } catch (IllegalStateException e) {
            throw new MedsocException(
                    LuceneStoreErrorCode.FIELD_NOT_AGGREGATABLE,
                    "field '" + field + "' cannot be aggregated as " + type + ": " + e.getMessage(),
                    e);
        } catch (IndexSearcher.TooManyClauses e) {
            throw tooManyClauses(query, e);
        }
    }

    /**
     * Marks the store as searched and, when written events may be invisible (background refresh was idle or is
     * due), refreshes before reading.
     */
    private void beforeRead() {
        long now = System.nanoTime();
        lastSearchNanos = now;
        if (lastWriteNanos - lastRefreshNanos >= 0 && now - lastRefreshNanos >= config.refreshInterval().toNanos()
                && !config.refreshInterval().isZero() && !closed.get()) {
            refresh();
        }
    }

    @Override
    public List<Partition> partitions() {
        lock.lock();
        try {
            checkOpen();
            List<Partition> out = new ArrayList<>(partitions.size());
            for (DayPartition p : partitions.values()) {
                out.add(new Partition(p.name(), p.dataset(), p.day(), p.sizeBytes(), p.eventCount()));
            }
            return out;
        } catch (IOException e) {
            throw failure("cannot list partitions", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean drop(String partitionName) {
        requireNonNull(partitionName, "partitionName is null");
        Key key = parseName(partitionName);
        if (key == null) {
            return false;
        }
        structure.writeLock().lock();
        lock.lock();
        try {
            checkOpen();
            DayPartition p = partitions.remove(key);
            if (p == null) {
                return false;
            }
            openWriters.remove(p);
            p.drop();
            LOG.log(System.Logger.Level.INFO, "dropped partition " + partitionName);
            return true;
        } catch (IOException e) {
            throw failure("cannot drop partition " + partitionName, e);
        } finally {
            lock.unlock();
            structure.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (refresher != null) {
            refresher.shutdownNow();
            try {
                refresher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        IOException first = null;
        structure.writeLock().lock();
        lock.lock();
        try {
            for (DayPartition p : partitions.values()) {
                try {
                    p.close();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot close partition " + p.name() + ": " + e, e);
                    if (first == null) {
                        first = e instanceof IOException io ? io : new IOException(e);
                    }
                }
            }
            partitions.clear();
            openWriters.clear();
        } finally {
            lock.unlock();
            structure.writeLock().unlock();
            try {
                fileLock.release();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot release store lock: " + e);
            }
            closeQuietly(lockChannel);
        }
        if (first != null) {
            throw failure("cannot close the event store cleanly", first);
        }
    }

    private Query filteredQuery(TenantId tenant, EventQuery query) {
        Query user = EventQueryParser.parse(query.query());
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(FieldNames.TENANT, tenant.value())), Occur.FILTER);
        if (query.fromMillis() != Long.MIN_VALUE || query.toMillis() != Long.MAX_VALUE) {
            if (query.fromMillis() == query.toMillis()) {
                b.add(new MatchNoDocsQuery("empty time range"), Occur.FILTER);
            } else {
                b.add(LongPoint.newRangeQuery(FieldNames.TIMESTAMP, query.fromMillis(), query.toMillis() - 1),
                        Occur.FILTER);
            }
        }
        if (!(user instanceof MatchAllDocsQuery)) {
            b.add(user, Occur.FILTER);
        }
        return b.build();
    }

    private static Sort sortOf(SortOrder order) {
        String field = order.field();
        boolean desc = order.descending();
        SortField timestampDesc = new SortField(FieldNames.TIMESTAMP, SortField.Type.LONG, true);
        if (field.equals(FieldNames.TIMESTAMP)) {
            return new Sort(new SortField(FieldNames.TIMESTAMP, SortField.Type.LONG, desc));
        }
        if (!Fields.isValidName(field) || FieldNames.isReserved(field)) {
            throw new MedsocException(
                    LuceneStoreErrorCode.FIELD_NOT_SORTABLE,
                    "cannot sort by '" + field + "': not a valid event field name or an internal field");
        }
        if (FieldNames.typeOf(field) == FieldType.KEYWORD && FieldNames.isVendorOriginal(field)) {
            throw new MedsocException(
                    LuceneStoreErrorCode.FIELD_NOT_SORTABLE,
                    "cannot sort by '" + field + "': it is a vendor original, indexed for search only; sort by its"
                            + " normalised field instead");
        }
        SortField primary = switch (FieldNames.typeOf(field)) {
            case KEYWORD, IP -> keywordSort(field, desc);
            case TEXT -> keywordSort(field + FieldNames.KEYWORD_SUFFIX, desc);
            // missing values last in both directions
            case LONG, DATE -> new SortedNumericSortField(
                    field, SortField.Type.LONG, desc,
                    desc ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN,
                    desc ? Long.MIN_VALUE : Long.MAX_VALUE);
        };
        return new Sort(primary, timestampDesc);
    }

    private static SortField keywordSort(String field, boolean desc) {
        // missing values last in both directions
        return new SortedSetSortField(
                field, desc, desc ? SortedSetSelector.Type.MAX : SortedSetSelector.Type.MIN,
                desc ? SortField.STRING_FIRST : SortField.STRING_LAST);
    }

    /** The partitions a query reads, each with a reader reference; closing gives them back. */
    private final class Snapshot implements AutoCloseable {
        final List<DayPartition> held = new ArrayList<>();
        final List<DirectoryReader> readers = new ArrayList<>();
        long firstDay = Long.MAX_VALUE;
        long lastDay = Long.MIN_VALUE;
        @Nullable MultiReader multi;

        @Nullable IndexSearcher searcher() throws IOException {
            if (readers.isEmpty()) {
                return null;
            }
            multi = new MultiReader(readers.toArray(new IndexReader[0]), false);
            return new IndexSearcher(multi);
        }

        @Override
        public void close() {
            try {
                if (multi != null) {
                    multi.close();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot close reader: " + e, e);
            }
            for (DirectoryReader r : readers) {
                try {
                    r.decRef();
                } catch (IOException | AlreadyClosedException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot release reader: " + e, e);
                }
            }
            for (DayPartition p : held) {
                p.release();
            }
        }
    }

    private Snapshot snapshot(EventQuery query) throws IOException {
        checkOpen();
        Snapshot s = new Snapshot();
        if (query.fromMillis() >= query.toMillis()) {
            return s;
        }
        long fromDay = Math.floorDiv(query.fromMillis(), DAY_MILLIS);
        long toDay = Math.floorDiv(query.toMillis() - 1, DAY_MILLIS);
        Map<Key, DayPartition> range =
                partitions.subMap(new Key(fromDay, Dataset.values()[0]), true, new Key(toDay, LAST_DATASET), true);
        try {
            for (DayPartition p : range.values()) {
                if (p.dataset() != query.dataset() || !p.tryAcquire()) {
                    continue;
                }
                s.held.add(p);
                DirectoryReader r = p.acquireReader();
                if (r != null) {
                    s.readers.add(r);
                    long day = p.day().toEpochDay();
                    s.firstDay = Math.min(s.firstDay, day);
                    s.lastDay = Math.max(s.lastDay, day);
                }
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new MedsocException(StandardErrorCode.SHUTTING_DOWN, "the event store is closed");
        }
    }

    private static MedsocException tooManyClauses(EventQuery query, RuntimeException e) {
        return new MedsocException(
                StandardErrorCode.INVALID_QUERY,
                "cannot run query '" + query.query() + "': it expands to too many terms (" + e.getMessage()
                        + "); make wildcards and ranges more specific",
                e);
    }

    private static MedsocException failure(String what, IOException e) {
        ErrorCodeSupplier code;
        String hint;
        String message = String.valueOf(e.getMessage());
        if (e instanceof CorruptIndexException) {
            code = LuceneStoreErrorCode.STORE_CORRUPT;
            hint = "; the partition is damaged: restore it from a backup or drop it";
        } else if (message.contains("No space left on device")) {
            code = StandardErrorCode.STORAGE_FULL;
            hint = "; free disk space or lower store.retention.max-size";
        } else {
            code = LuceneStoreErrorCode.STORE_IO_FAILURE;
            hint = "";
        }
        return new MedsocException(code, what + ": " + e + hint, e);
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot close " + channel + ": " + e);
            }
        }
    }
}
