package org.medsoc.ingest.pipeline;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.ActiveRules;
import org.medsoc.detect.Correlator;
import org.medsoc.detect.Detector;
import org.medsoc.detect.EventFieldsView;
import org.medsoc.journal.Journal;
import org.medsoc.journal.JournalReader;
import org.medsoc.journal.JournalRecord;
import org.medsoc.parse.LogParser;
import org.medsoc.parse.ParseOutcome;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.WriteMode;

/**
 * Moves accepted messages from the journal through the parser into the event store.
 *
 * <pre>
 * journal ──reader thread──▶ batch queue ──N workers: parse + write──▶ store
 *                 └─ every commitInterval: store.commit(), then journal.checkpoint(completed prefix)
 * </pre>
 *
 * <p>Durability: the journal checkpoint only ever names a sequence whose events, and all before it, were written to
 * the store before a {@link EventStore#commit()} returned. After a crash the journal replays from the checkpoint; the
 * replayed range (up to the journal's last sequence at start) is written in {@link WriteMode#UPSERT} mode, keyed by
 * an event id derived from the journal sequence, so events that had reached the store are replaced rather than
 * duplicated. Later events use the cheap {@link WriteMode#APPEND}.
 *
 * <p>Ordering: workers finish batches out of order; a {@link TreeMap} of in-flight batch start sequences gives the
 * completed prefix (everything below the smallest in-flight start).
 */
public final class IngestPipeline implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IngestPipeline.class.getName());

    private final Journal journal;
    private final LogParser parser;
    private final EventStore store;
    private final PipelineConfig config;
    private final long replayUpTo;
    private final BlockingQueue<List<JournalRecord>> queue;
    private final TreeMap<Long, Long> inFlight = new TreeMap<>(); // batch first sequence → last sequence
    private final Object commitLock = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    /** The rules events pass through before they are stored; replaced at run time by {@link #rules(ActiveRules)}. */
    private final AtomicReference<@Nullable ActiveRules> active = new AtomicReference<>();
    private final LongAdder alerts = new LongAdder();
    private volatile @Nullable AlertSink alertSink;
    private volatile List<EventEnricher> enrichers = List.of();

    private long highestTaken; // guarded by inFlight
    private final AtomicLong checkpoint = new AtomicLong();
    private final LongAdder records = new LongAdder();
    private final LongAdder parsed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder restamped = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder parseNanos = new LongAdder();
    private final LongAdder storeNanos = new LongAdder();
    private final LongAdder sinceCommit = new LongAdder();

    public IngestPipeline(Journal journal, LogParser parser, EventStore store, PipelineConfig config) {
        this.journal = requireNonNull(journal, "journal is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.store = requireNonNull(store, "store is null");
        this.config = requireNonNull(config, "config is null");
        this.replayUpTo = journal.lastSequence();
        this.checkpoint.set(journal.checkpoint());
        this.highestTaken = journal.checkpoint();
        this.queue = new ArrayBlockingQueue<>(Math.max(2, config.workers() * 2));
    }

    /** Starts the reader and the workers. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (replayUpTo > checkpoint.get()) {
            LOG.log(Level.INFO, "replaying journal records " + (checkpoint.get() + 1) + ".." + replayUpTo
                    + " not yet committed to the store");
        }
        Thread reader = Thread.ofPlatform().name("ingest-reader").daemon().unstarted(this::readLoop);
        threads.add(reader);
        for (int i = 0; i < config.workers(); i++) {
            threads.add(Thread.ofPlatform().name("ingest-worker-" + i).daemon().unstarted(this::workLoop));
        }
        threads.forEach(Thread::start);
    }

    private void readLoop() {
        long lastCommit = System.nanoTime();
        try (JournalReader reader = journal.openReader(checkpoint.get())) {
            while (running) {
                List<JournalRecord> batch = reader.poll(config.batchSize(), Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    long first = batch.getFirst().sequence();
                    long last = batch.getLast().sequence();
                    synchronized (inFlight) {
                        inFlight.put(first, last);
                        highestTaken = last;
                    }
                    while (running && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                        // workers are busy: back-pressure on the reader, the journal holds the rest
                    }
                }
                long now = System.nanoTime();
                if (now - lastCommit >= config.commitInterval().toNanos()
                        || sinceCommit.sum() >= config.commitEvents()) {
                    commit();
                    lastCommit = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "ingest reader stopped: " + e.getMessage(), e);
            running = false;
        }
    }

    /** Runs the detector (without correlations) on every event from the next batch on; null stops detection. */
    public void detector(@Nullable Detector next) {
        active.set(next == null ? null : ActiveRules.of(next));
    }

    /**
     * Runs this rule set — single-event rules and correlations — from the next batch on; null stops detection. The
     * swap is atomic: a batch is evaluated entirely by the old or entirely by the new set.
     */
    public void rules(@Nullable ActiveRules next) {
        active.set(next);
}

    /** Alerts produced since start. */
    public long alerts() {
        return alerts.sum();
    }

    private void workLoop() {
        List<Event> events = new ArrayList<>(config.batchSize());
        List<Event> batchAlerts = new ArrayList<>();
        EventFieldsView view = new EventFieldsView(new Event(TenantId.DEFAULT, 0, ""));
        while (running || !queue.isEmpty()) {
            List<JournalRecord> batch;
            try {
                batch = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                continue;
            }
            events.clear();
            batchAlerts.clear();
            long t0 = System.nanoTime();
            ActiveRules rules = active.get();
            List<EventEnricher> enrich = enrichers;
            for (JournalRecord r : batch) {
                Event e = toEvent(r);
                events.add(e);
                boolean parsedOk = !"pipeline_error".equals(e.value(Fields.EVENT_KIND));
                if (parsedOk) {
                    for (int i = 0; i < enrich.size(); i++) {
                        enrich.get(i).enrich(e);
                    }
                }
                if (rules != null && parsedOk) {
                    Correlator correlator = rules.correlator();
                    rules.detector().detect(e, view, rule -> {
                        if (correlator.generatesOwnAlerts(rule)) {
                            Event alert = Alerts.of(e, rule);
                            events.add(alert);
                            batchAlerts.add(alert);
                        }
                        correlator.observe(rule, e, match -> {
                            Event alert = Alerts.of(e, match);
                            events.add(alert);
                            batchAlerts.add(alert);
                        });
                    });
                }
            }
            int produced = events.size() - batch.size();
            if (produced > 0) {
                alerts.add(produced);
            }
            long t1 = System.nanoTime();
            parseNanos.add(t1 - t0);
            WriteMode mode = batch.getFirst().sequence() <= replayUpTo ? WriteMode.UPSERT : WriteMode.APPEND;
            writeWithRetry(events, mode);
            AlertSink sink = alertSink;
            if (sink != null && !batchAlerts.isEmpty()) {
                deliverWithRetry(sink, List.copyOf(batchAlerts));
            }
            storeNanos.add(System.nanoTime() - t1);
            records.add(batch.size());
            stored.add(events.size());
            sinceCommit.add(events.size());
            synchronized (inFlight) {
                inFlight.remove(batch.getFirst().sequence());
            }
        }
    }

    private Event toEvent(JournalRecord r) {
        ParseOutcome outcome = parser.parse(r.message());
        Event e = outcome.event();
        switch (outcome) {
            case ParseOutcome.Parsed p -> parsed.increment();
            case ParseOutcome.DeadLettered d -> deadLettered.increment();
        }
        e.id(eventId(r.sequence()));
        long received = r.message().receivedAt();
        long ts = e.timestamp();
        if (ts < received - config.maxPastSkew().toMillis() || ts > received + config.maxFutureSkew().toMillis()) {
            e.put(Fields.EVENT_CREATED, Long.toString(ts));
            e.add(Fields.TAGS, "timestamp_restamped");
            e.timestamp(received);
            restamped.increment();
        }
        return e;
    }

    /** The id of the event made from a journal record: the sequence in base 36, unique within a node. */
    public static String eventId(long sequence) {
        return Long.toString(sequence, 36);
    }

    /** Sets the enrichers every parsed event passes through, in order, before detection (dead letters skip them). */
    public void enrichers(List<EventEnricher> next) {
        this.enrichers = List.copyOf(next);
    }

    /** Sets where alerts go after they are stored (e.g. incident grouping); null stops delivering. */
    public void alertSink(@Nullable AlertSink sink) {
        this.alertSink = sink;
    }

    private void deliverWithRetry(AlertSink sink, List<Event> batchAlerts) {
        retrying("delivering " + batchAlerts.size() + " alerts", () -> sink.accept(batchAlerts));
    }

    private void writeWithRetry(List<Event> events, WriteMode mode) {
        retrying("storing a batch of " + events.size() + " events", () -> store.write(events, mode));
    }

    /**
     * Runs {@code step} until it succeeds, backing off from 100 ms to 5 s between attempts and counting each failure:
     * the batch is held (and so is the journal checkpoint) rather than lost. Gives up only when the pipeline stops.
     */
    private void retrying(String what, Runnable step) {
        long backoff = 100;
        while (true) {
            try {
                step.run();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                LOG.log(Level.ERROR, what + " failed; retrying in " + backoff + " ms: " + e.getMessage(), e);
                if (!running) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /**
     * Commits the store and checkpoints the journal at the completed prefix. Called by the reader periodically and by
     * {@link #close()}; safe to call from any thread.
     */
    public void commit() {
        synchronized (commitLock) {
            long safe;
            synchronized (inFlight) {
                safe = inFlight.isEmpty() ? highestTaken : inFlight.firstKey() - 1;
            }
            long reset = sinceCommit.sumThenReset();
            if (safe <= checkpoint.get() && reset == 0) {
                return;
            }
            store.commit();
            commits.increment();
            if (safe > checkpoint.get()) {
                journal.checkpoint(safe);
                checkpoint.set(safe);
            }
        }
    }

    /** Waits until every record appended to the journal so far is written to the store (tests, demo, shutdown). */
    public boolean awaitProcessed(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (processedSequence() >= sequence) {
                return true;
            }
            Thread.sleep(10);
        }
        return processedSequence() >= sequence;
    }

    /** Highest sequence such that it and every earlier one are written to the store (maybe not yet committed). */
    public long processedSequence() {
        synchronized (inFlight) {
            return inFlight.isEmpty() ? highestTaken : inFlight.firstKey() - 1;
        }
    }

    public PipelineStats stats() {
        long processed = processedSequence();
        return new PipelineStats(
                records.sum(),
                parsed.sum(),
                deadLettered.sum(),
                stored.sum(),
                restamped.sum(),
                commits.sum(),
                failures.sum(),
                processed,
                checkpoint.get(),
                Math.max(0, journal.lastSequence() - processed),
                parseNanos.sum(),
                storeNanos.sum());
    }

    /** Stops taking records, finishes in-flight batches, commits and checkpoints. */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        commit();
    }
}
