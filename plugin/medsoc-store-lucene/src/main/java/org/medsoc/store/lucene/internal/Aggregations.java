package org.medsoc.store.lucene.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.BytesRef;
import org.medsoc.spi.store.HistogramBucket;
import org.medsoc.spi.store.ValueCount;

/**
 * Aggregations computed from doc values only (no stored fields): date histograms over {@code @timestamp} and the most
 * frequent values of a field, counted per segment by ordinal and merged by value.
 */
public final class Aggregations {
    private Aggregations() {}

    /** How values of an aggregated field are read and shown. */
    public enum ValueKind {
        /** Sorted-set doc values of UTF-8 text. */
        KEYWORD,
        /** Sorted-set doc values of 16-byte addresses. */
        IP,
        /** Sorted-numeric doc values shown as integers. */
        LONG,
        /** Sorted-numeric doc values shown as ISO-8601 instants. */
        DATE
    }

    /**
     * Counts documents per bucket of {@code interval} millis; buckets are aligned to the epoch. With
     * {@code firstBucket}/{@code bucketCount} given, counts go into an array; with {@code bucketCount < 0}, into a
     * map bounded by {@code maxBuckets}.
     */
    public static CollectorManager<Collector, List<HistogramBucket>> histogram(
            long interval, long firstBucket, int bucketCount, int maxBuckets) {
        return new CollectorManager<>() {
            final long[] dense = bucketCount >= 0 ? new long[bucketCount] : new long[0];
            final Map<Long, long[]> sparse = new HashMap<>();

            @Override
            public Collector newCollector() {
                return new Collector() {
                    @Override
                    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                        NumericDocValues ts = DocValues.getNumeric(context.reader(), FieldNames.TIMESTAMP);
                        return new NoScoreLeafCollector() {
                            @Override
                            public void collect(int doc) throws IOException {
                                if (!ts.advanceExact(doc)) {
                                    return;
                                }
                                long bucket = Math.floorDiv(ts.longValue(), interval);
                                if (bucketCount >= 0) {
                                    dense[(int) (bucket - firstBucket)]++;
                                } else {
                                    long[] c = sparse.get(bucket);
                                    if (c == null) {
                                        if (sparse.size() >= maxBuckets) {
                                            throw new TooManyBucketsException();
                                        }
                                        c = new long[1];
                                        sparse.put(bucket, c);
                                    }
                                    c[0]++;
                                }
                            }
                        };
                    }

                    @Override
                    public ScoreMode scoreMode() {
                        return ScoreMode.COMPLETE_NO_SCORES;
                    }
                };
            }

            @Override
            public List<HistogramBucket> reduce(Collection<Collector> collectors) {
                List<HistogramBucket> out = new ArrayList<>();
                if (bucketCount >= 0) {
                    for (int i = 0; i < dense.length; i++) {
                        if (dense[i] > 0) {
                            out.add(new HistogramBucket((firstBucket + i) * interval, dense[i]));
                        }
                    }
                } else {
                    sparse.forEach((bucket, count) -> out.add(new HistogramBucket(bucket * interval, count[0])));
                    out.sort(Comparator.comparingLong(HistogramBucket::startMillis));
                }
                return out;
            }
        };
    }

    /** Thrown from inside collection when a sparse histogram outgrows its bound. */
    public static final class TooManyBucketsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyBucketsException() {
            super("too many buckets", null, false, false);
        }
    }

    /** The {@code size} most frequent values of a doc-values field, ties broken by ascending value. */
    public static CollectorManager<Collector, List<ValueCount>> topValues(String field, ValueKind kind, int size) {
        return new CollectorManager<>() {
            final Map<Object, long[]> counts = new HashMap<>();

            @Override
            public Collector newCollector() {
                return new Collector() {
                    @Override
                    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                        return switch (kind) {
                            case KEYWORD, IP -> ordinals(context, field, kind, counts);
                            case LONG, DATE -> numbers(context, field, counts);
                        };
                    }

                    @Override
                    public ScoreMode scoreMode() {
                        return ScoreMode.COMPLETE_NO_SCORES;
                    }
                };
            }

            @Override
            public List<ValueCount> reduce(Collection<Collector> collectors) {
                List<Map.Entry<Object, long[]>> entries = new ArrayList<>(counts.entrySet());
                Comparator<Map.Entry<Object, long[]>> byCount =
                        Comparator.comparingLong((Map.Entry<Object, long[]> e) -> e.getValue()[0]).reversed();
                entries.sort(byCount.thenComparing(e -> e.getKey(), Aggregations::compareKeys));
                List<ValueCount> out = new ArrayList<>(Math.min(size, entries.size()));
                for (int i = 0; i < entries.size() && i < size; i++) {
                    Map.Entry<Object, long[]> e = entries.get(i);
                    out.add(new ValueCount(text(e.getKey(), kind), e.getValue()[0]));
                }
                return out;
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static String text(Object key, ValueKind kind) {
        return switch (kind) {
            case KEYWORD -> (String) key;
            case IP -> {
                BytesRef b = (BytesRef) key;
                yield b.length == 16 ? IpAddresses.format(b.bytes, b.offset) : b.utf8ToString();
            }
            case LONG -> Long.toString((Long) key);
            case DATE -> Instant.ofEpochMilli((Long) key).toString();
        };
    }

    private static LeafCollector ordinals(
            LeafReaderContext context, String field, ValueKind kind, Map<Object, long[]> counts) throws IOException {
        SortedSetDocValues values = DocValues.getSortedSet(context.reader(), field);
        long valueCount = values.getValueCount();
        int[] perOrdinal = new int[(int) Math.min(valueCount, Integer.MAX_VALUE - 16)];
        return new NoScoreLeafCollector() {
            @Override
            public void collect(int doc) throws IOException {
                if (values.advanceExact(doc)) {
                    for (int i = values.docValueCount(); i > 0; i--) {
                        perOrdinal[(int) values.nextOrd()]++;
                    }
                }
            }

            @Override
            public void finish() throws IOException {
                for (int ord = 0; ord < perOrdinal.length; ord++) {
                    int c = perOrdinal[ord];
                    if (c == 0) {
                        continue;
                    }
                    BytesRef term = values.lookupOrd(ord);
                    Object key = kind == ValueKind.KEYWORD ? term.utf8ToString() : BytesRef.deepCopyOf(term);
                    counts.computeIfAbsent(key, k -> new long[1])[0] += c;
                }
            }
        };
    }

    private static LeafCollector numbers(LeafReaderContext context, String field, Map<Object, long[]> counts)
            throws IOException {
        SortedNumericDocValues values = DocValues.getSortedNumeric(context.reader(), field);
        return new NoScoreLeafCollector() {
            @Override
            public void collect(int doc) throws IOException {
                if (!values.advanceExact(doc)) {
                    return;
                }
                long previous = 0;
                for (int i = 0, n = values.docValueCount(); i < n; i++) {
                    long v = values.nextValue();
                    if (i > 0 && v == previous) {
                        continue; // count each distinct value once per event
                    }
                    previous = v;
                    counts.computeIfAbsent(v, k -> new long[1])[0]++;
                }
            }
        };
    }

    private abstract static class NoScoreLeafCollector implements LeafCollector {
        @Override
        public void setScorer(Scorable scorer) {}
    }
}
