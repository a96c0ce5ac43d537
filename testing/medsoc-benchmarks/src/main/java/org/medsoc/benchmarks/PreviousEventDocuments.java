package org.medsoc.benchmarks;

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
import org.medsoc.store.lucene.internal.DateValues;
import org.medsoc.store.lucene.internal.FieldNames;
import org.medsoc.store.lucene.internal.IpAddresses;

/**
 * The baseline of {@link EventDocumentsBenchmark}: a verbatim copy of {@code EventDocuments} (and the encoder of
 * {@code EventSource}) as they were before keyword values were cut from the stored source's bytes, so that both are
 * measured in the same run. Not used outside the benchmark.
 */
final class PreviousEventDocuments {
    private final PreviousSource source = new PreviousSource();
    private final AtomicLong unindexed;
    private String[] keywordNames = new String[256];

    PreviousEventDocuments(AtomicLong unindexedCounter) {
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

    /** The encoder of {@code EventSource} before the change. */
    private static final class PreviousSource {
        private static final byte FORMAT = 1;

        private byte[] bytes = new byte[1024];
        private int length;
        private byte[][] names = new byte[256][];

        /** Encodes an event; the answer is valid until the next call. */
        public BytesRef encode(Event event, String id) {
            length = 0;
            ensure(1);
            bytes[length++] = FORMAT;
            writeString(id);
            writeString(event.tenant().value());
            ensure(8);
            long ts = event.timestamp();
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (ts >>> shift);
            }
            writeString(event.original());
            int n = event.size();
            writeVInt(n);
            for (int i = 0; i < n; i++) {
                writeBytes(nameBytes(event.fieldAt(i)));
                writeString(event.valueAt(i));
            }
            return new BytesRef(bytes, 0, length);
        }

        private void writeString(String s) {
            // String.getBytes has an intrinsic fast path for Latin-1/ASCII strings; a per-char loop is several times slower
            writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        private void writeBytes(byte[] utf8) {
            ensure(5 + utf8.length);
            writeVInt(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }

        private byte[] nameBytes(Field field) {
            int id = field.id();
            if (id >= names.length) {
                names = Arrays.copyOf(names, Math.max(id + 1, names.length * 2));
            }
            byte[] b = names[id];
            if (b == null) {
                b = field.name().getBytes(StandardCharsets.UTF_8);
                names[id] = b;
            }
            return b;
        }

        private void writeVInt(int v) {
            ensure(5);
            while ((v & ~0x7F) != 0) {
                bytes[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[length++] = (byte) v;
        }

        private void ensure(int extra) {
            if (length + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
            }
        }

    }
}
