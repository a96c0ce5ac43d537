package org.medsoc.store.lucene.internal;

import java.nio.charset.StandardCharsets;
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

    /** The document of an event with an id. */
    public Document toDocument(Event event, String id) {
        Document doc = new Document();
        doc.add(new StringField(FieldNames.ID, id, Store.NO));
        doc.add(new StringField(FieldNames.TENANT, event.tenant().value(), Store.NO));
        long ts = event.timestamp();
        doc.add(new LongPoint(FieldNames.TIMESTAMP, ts));
        doc.add(new NumericDocValuesField(FieldNames.TIMESTAMP, ts));
        int n = event.size();
        for (int i = 0; i < n; i++) {
            Field field = event.fieldAt(i);
            String name = field.name();
            String value = event.valueAt(i);
            if (FieldNames.isReserved(name)) {
                continue;
            }
            switch (field.type()) {
                case KEYWORD -> {
                    if (vendorOriginal(field)) {
                        addSearchOnly(doc, name, value);
                    } else {
                        addKeyword(doc, name, value, FieldNames.KEYWORD_MAX_LENGTH);
                    }
                }
                case TEXT -> {
                    doc.add(new TextField(name, value, Store.NO));
                    addKeyword(doc, keywordName(field), value, FieldNames.TEXT_KEYWORD_MAX_LENGTH);
                }
                case LONG -> {
                    if (isLong(value)) {
                        long v = Long.parseLong(value);
                        doc.add(new LongPoint(name, v));
                        doc.add(new SortedNumericDocValuesField(name, v));
                    } else {
                        unindexed.incrementAndGet();
                    }
                }
                case DATE -> {
                    long[] period = isLong(value) ? null : DateValues.parse(value);
                    if (period == null && !isLong(value)) {
                        unindexed.incrementAndGet();
                        continue;
                    }
                    long v = period == null ? Long.parseLong(value) : period[0];
                    doc.add(new LongPoint(name, v));
                    doc.add(new SortedNumericDocValuesField(name, v));
                }
                case IP -> {
                    byte[] sixteen = IpAddresses.parse(value);
                    if (sixteen != null) {
                        doc.add(new InetAddressPoint(name, IpAddresses.fromBytes(sixteen)));
                        doc.add(new SortedSetDocValuesField(name, new BytesRef(sixteen)));
                    } else {
                        unindexed.incrementAndGet();
                    }
                }
            }
        }
        doc.add(new StoredField(FieldNames.SOURCE, source.encode(event, id)));
        return doc;
    }

    private void addKeyword(Document doc, String name, String value, int maxLength) {
        if (value.length() > maxLength) {
            if (maxLength == FieldNames.KEYWORD_MAX_LENGTH) {
                unindexed.incrementAndGet();
            }
            return;
        }
        BytesRef utf8 = new BytesRef(value.getBytes(StandardCharsets.UTF_8));
        doc.add(new StringField(name, utf8, Store.NO));
        doc.add(new SortedSetDocValuesField(name, utf8));
    }

    private void addSearchOnly(Document doc, String name, String value) {
        if (value.length() > FieldNames.KEYWORD_MAX_LENGTH) {
            unindexed.incrementAndGet();
            return;
        }
        doc.add(new StringField(name, value, Store.NO));
    }

    /** Cached per field id: 1 = vendor original, 2 = normalised. */
    private byte[] vendorOriginal = new byte[256];

    private boolean vendorOriginal(Field field) {
        int id = field.id();
        if (id >= vendorOriginal.length) {
            vendorOriginal = Arrays.copyOf(vendorOriginal, Math.max(id + 1, vendorOriginal.length * 2));
        }
        byte b = vendorOriginal[id];
        if (b == 0) {
            b = FieldNames.isVendorOriginal(field.name()) ? (byte) 1 : (byte) 2;
            vendorOriginal[id] = b;
        }
        return b == 1;
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
