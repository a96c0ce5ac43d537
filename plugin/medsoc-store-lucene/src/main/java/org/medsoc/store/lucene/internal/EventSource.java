package org.medsoc.store.lucene.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.lucene.util.BytesRef;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * The compact binary form of a whole event, stored once per document in {@code _source}.
 *
 * <pre>
 * byte    format (1)
 * string  id
 * string  tenant
 * long    @timestamp (8 bytes, big-endian)
 * string  original
 * vint    number of pairs
 * pairs   string field name, string value
 * </pre>
 *
 * Strings are a vint byte length and UTF-8. Field names are stored by name, not by id, because ids are not stable
 * across restarts. An encoder is reused for a whole batch and is not thread-safe.
 */
public final class EventSource {
    private static final byte FORMAT = 1;

    private byte[] bytes = new byte[1024];
    private int length;
    private byte[][] names = new byte[256][];
    /* Where each pair's value landed in `bytes` (start, UTF-8 length), so the document builder indexes keyword
       values from these bytes instead of encoding them a second time. */
    private int[] valueStart = new int[64];
    private int[] valueLength = new int[64];

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
        if (n > valueStart.length) {
            int size = Math.max(n, valueStart.length * 2);
            valueStart = new int[size];
            valueLength = new int[size];
        }
        for (int i = 0; i < n; i++) {
            writeBytes(nameBytes(event.fieldAt(i)));
            String value = event.valueAt(i);
            int utf8Length = writeString(value);
            valueStart[i] = length - utf8Length;
            valueLength[i] = utf8Length;
        }
        return new BytesRef(bytes, 0, length);
    }

    /**
     * The UTF-8 bytes of pair {@code i}'s value in the last encoded event ({@code String.getBytes} form: an unpaired
     * surrogate is {@code '?'}), sharing this encoder's buffer: valid until the next {@link #encode}.
     */
    public BytesRef value(int i) {
        return new BytesRef(bytes, valueStart[i], valueLength[i]);
    }

    /** Rebuilds an event; pairs whose field name cannot be interned any more are skipped. */
    public static Event decode(BytesRef ref) {
        Reader r = new Reader(ref.bytes, ref.offset, ref.offset + ref.length);
        byte format = r.bytes[r.pos++];
        if (format != FORMAT) {
            throw new IllegalStateException("unknown _source format " + format);
        }
        String id = r.string();
        TenantId tenant = TenantId.of(r.string());
        long ts = 0;
        for (int i = 0; i < 8; i++) {
            ts = (ts << 8) | (r.bytes[r.pos++] & 0xff);
        }
        String original = r.string();
        Event event = new Event(tenant, ts, original).id(id);
        int n = r.vint();
        for (int i = 0; i < n; i++) {
            String name = r.string();
            String value = r.string();
            Field field = Fields.intern(name);
            if (field != null) {
                event.add(field, value);
            }
        }
        return event;
    }

    /** Writes a string and answers its UTF-8 length (its bytes end at {@link #length}). */
    private int writeString(String s) {
        // String.getBytes has an intrinsic fast path for Latin-1/ASCII strings; a per-char loop is several times slower
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeBytes(utf8);
        return utf8.length;
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

    private static final class Reader {
        final byte[] bytes;
        int pos;
        final int end;

        Reader(byte[] bytes, int pos, int end) {
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
        }

        int vint() {
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = bytes[pos++];
                v |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalStateException("malformed vint in _source");
        }

        String string() {
            int n = vint();
            if (n < 0 || pos + n > end) {
                throw new IllegalStateException("malformed string in _source");
            }
            String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
    }
}
