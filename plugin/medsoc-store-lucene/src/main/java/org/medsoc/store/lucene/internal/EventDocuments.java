package org.medsoc.store.lucene.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;

/**
 * Turns events into Lucene documents.
 *
 * <ul>
 *   <li>{@code _id}: StringField; {@code medsoc.tenant}: StringField; {@code @timestamp}: LongPoint and
 *       NumericDocValues; {@code _source}: the whole event ({@link EventSource}), stored.</li>
 *   <li>KEYWORD: StringField + SortedSetDocValues (values up to {@link FieldNames#KEYWORD_MAX_LENGTH}).</li>
 *   <li>TEXT: TextField analysed by {@link LogAnalyzer}, plus {@code <name>.keyword} like a keyword for values up to
 *       {@link FieldNames#TEXT_KEYWORD_MAX_LENGTH}.</li>
 *   <li>LONG and DATE (epoch millis): LongPoint + SortedNumericDocValues.</li>
 *   <li>IP: InetAddressPoint + SortedSetDocValues of the 16-byte form.</li>
 * </ul>
 * Values that do not fit their type (a non-numeric port, an invalid IP) are kept in {@code _source} only and counted
 * in {@link #unindexedValues()}. Pairs named like internal fields ({@code medsoc.tenant}, {@code @timestamp}) are kept
 * in {@code _source} only, so an event cannot claim another tenant. Not thread-safe: one per writing thread.
 */
public final class EventDocuments {
    private final EventSource source = new EventSource();
    private final AtomicLong unindexed;
    private String[] keywordNames = new String[256];

    public EventDocuments(AtomicLong unindexedCounter) {
        this.unindexed = unindexedCounter;
    }

    /** Values kept in {@code _source} only because they did not fit their field type. */
    public long unindexedValues() {
        return unindexed.get();
    }

    /* How a field id is indexed, cached per id (0 = not yet known). */
    private static final byte RESERVED = 1;
    private static final byte VENDOR = 2;
    private static final byte KEYWORD = 3;
    private static final byte TEXT = 4;
    private static final byte LONG = 5;
    private static final byte DATE = 6;
    private static final byte IP = 7;

    private byte[] kinds = new byte[256];

    /**
     * The document of an event with an id. The document shares this builder's buffers: add it to the index before
     * the next call.
     */
    public Document toDocument(Event event, String id) {
        // the source first: keyword terms and doc values are slices of its UTF-8 bytes, encoded once (as before,
        // in String.getBytes form); _id, tenant and vendor originals stay strings that Lucene encodes, like queries
        BytesRef sourceBytes = source.encode(event, id);
        Document doc = new Document();
        doc.add(new StringField(FieldNames.ID, id, Store.NO));
        doc.add(new StringField(FieldNames.TENANT, event.tenant().value(), Store.NO));
        long ts = event.timestamp();
        doc.add(new LongPoint(FieldNames.TIMESTAMP, ts));
        doc.add(new NumericDocValuesField(FieldNames.TIMESTAMP, ts));
        int n = event.size();
        for (int i = 0; i < n; i++) {
            Field field = event.fieldAt(i);
            switch (kind(field)) {
                case RESERVED -> {}
                case VENDOR -> {
                    String value = event.valueAt(i);
                    if (value.length() > FieldNames.KEYWORD_MAX_LENGTH) {
                        unindexed.incrementAndGet();
                    } else {
                        doc.add(new StringField(field.name(), value, Store.NO));
                    }
                }
                case KEYWORD -> {
                    if (event.valueAt(i).length() > FieldNames.KEYWORD_MAX_LENGTH) {
                        unindexed.incrementAndGet();
                    } else {
                        addKeyword(doc, field.name(), source.value(i));
                    }
                }
                case TEXT -> {
                    String value = event.valueAt(i);
                    doc.add(new TextField(field.name(), value, Store.NO));
                    if (value.length() <= FieldNames.TEXT_KEYWORD_MAX_LENGTH) {
                        addKeyword(doc, keywordName(field), source.value(i));
                    }
                }
                case LONG -> {
                    String value = event.valueAt(i);
                    if (isLong(value)) {
                        long v = Long.parseLong(value);
                        doc.add(new LongPoint(field.name(), v));
                        doc.add(new SortedNumericDocValuesField(field.name(), v));
                    } else {
                        unindexed.incrementAndGet();
                    }
                }
                case DATE -> {
                    String value = event.valueAt(i);
                    boolean number = isLong(value);
                    long[] period = number ? null : DateValues.parse(value);
                    if (period == null && !number) {
                        unindexed.incrementAndGet();
                        continue;
                    }
                    long v = period == null ? Long.parseLong(value) : period[0];
                    doc.add(new LongPoint(field.name(), v));
                    doc.add(new SortedNumericDocValuesField(field.name(), v));
                }
                case IP -> {
                    byte[] sixteen = IpAddresses.parse(event.valueAt(i));
                    if (sixteen != null) {
                        doc.add(new InetAddressPoint(field.name(), IpAddresses.fromBytes(sixteen)));
                        doc.add(new SortedSetDocValuesField(field.name(), new BytesRef(sixteen)));
                    } else {
                        unindexed.incrementAndGet();
                    }
                }
                default -> throw new IllegalStateException("unknown field kind " + kind(field));
            }
        }
        doc.add(new StoredField(FieldNames.SOURCE, sourceBytes));
        return doc;
    }

    /** A keyword term and its doc value, from the same UTF-8 bytes (as {@code String.getBytes}). */
    private static void addKeyword(Document doc, String name, BytesRef utf8) {
        doc.add(new StringField(name, utf8, Store.NO));
        doc.add(new SortedSetDocValuesField(name, utf8));
    }

    private byte kind(Field field) {
        int id = field.id();
        if (id >= kinds.length) {
            kinds = Arrays.copyOf(kinds, Math.max(id + 1, kinds.length * 2));
        }
        byte k = kinds[id];
        if (k == 0) {
            k = FieldNames.isReserved(field.name()) ? RESERVED : switch (field.type()) {
                case KEYWORD -> FieldNames.isVendorOriginal(field.name()) ? VENDOR : KEYWORD;
                case TEXT -> TEXT;
                case LONG -> LONG;
                case DATE -> DATE;
                case IP -> IP;
            };
            kinds[id] = k;
        }
        return k;
    }

    private String keywordName(Field field) {
        int id = field.id();
        if (id >= keywordNames.length) {
            keywordNames = Arrays.copyOf(keywordNames, Math.max(id + 1, keywordNames.length * 2));
        }
        String k = keywordNames[id];
        if (k == null) {
            k = field.name() + FieldNames.KEYWORD_SUFFIX;
            keywordNames[id] = k;
        }
        return k;
    }

    /** Whether the text is a decimal 64-bit integer (optional sign), without throwing. */
    static boolean isLong(String s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return false;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (i == n) {
            return false;
        }
        for (int k = i; k < n; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (n - i < 19) {
            return true;
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
