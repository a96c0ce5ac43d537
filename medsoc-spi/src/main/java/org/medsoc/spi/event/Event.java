package org.medsoc.spi.event;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A normalised event: a flat, ordered list of (field, value) pairs plus its tenant, timestamp, id and original text.
 *
 * <p>Fields are held in parallel arrays indexed by position, not in a map: events have tens of fields, so a linear
 * scan over an {@code int[]} beats hashing and allocates nothing. A field may occur more than once
 * ({@link #add}); {@link #put} replaces the first occurrence. Values are strings; {@link Field#type()} says how they
 * are interpreted. An {@code Event} is mutable and not thread-safe: one stage owns it at a time.
 *
 * <p>Firewall events carry a hundred fields and more (ECS names plus vendor originals); there a linear scan per
 * {@link #put} makes parsing quadratic. Past {@link #INDEX_THRESHOLD} pairs the event therefore keeps a small
 * open-addressing table from field id to the position of its first occurrence, rebuilt after a removal.
 */
public final class Event {
    private static final int INITIAL_CAPACITY = 24;
    /** Size from which lookups go through the hash table instead of a scan. */
    static final int INDEX_THRESHOLD = 16;

    private TenantId tenant;
    private @Nullable String id;
    private long timestamp;
    private String original;
    private int[] fieldIds;
    private String[] values;
    private int size;
    /** Open-addressing table: field id + 1 → position + 1 packed as (id + 1) << 32 | (pos + 1); 0 = empty. */
    private long @org.jspecify.annotations.Nullable [] index;

    /** Creates an empty event of a tenant with the given original text and timestamp (epoch millis). */
    public Event(TenantId tenant, long timestamp, String original) {
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.timestamp = timestamp;
        this.original = requireNonNull(original, "original is null");
        this.fieldIds = new int[INITIAL_CAPACITY];
        this.values = new String[INITIAL_CAPACITY];
    }

    /** The tenant that owns this event. */
    public TenantId tenant() {
        return tenant;
    }

    /** Moves the event to another tenant (used only by receivers and profiles before storage). */
    public Event tenant(TenantId tenant) {
        this.tenant = requireNonNull(tenant, "tenant is null");
        return this;
    }

    /** The store-wide unique id, assigned by the pipeline (derived from the journal sequence); null before. */
    public @Nullable String id() {
        return id;
    }

    public Event id(String id) {
        this.id = requireNonNull(id, "id is null");
        return this;
    }

    /** {@code @timestamp}: when the event happened, epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    public Event timestamp(long epochMillis) {
        this.timestamp = epochMillis;
        return this;
    }

    /** The original message text, kept verbatim (after charset decoding). */
    public String original() {
        return original;
    }

    public Event original(String original) {
        this.original = requireNonNull(original, "original is null");
        return this;
    }

    /** Sets a field, replacing its first occurrence if present. */
    public Event put(Field field, String value) {
        requireNonNull(value, "value is null");
        int i = indexOf(field.id());
        if (i >= 0) {
            values[i] = value;
            return this;
        }
        return add(field, value);
    }

    /** Appends a value, keeping earlier values of the same field (multi-valued fields such as related.ip). */
    public Event add(Field field, String value) {
        requireNonNull(value, "value is null");
        if (size == fieldIds.length) {
            fieldIds = Arrays.copyOf(fieldIds, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        fieldIds[size] = field.id();
        values[size] = value;
        size++;
        if (index != null) {
            if (size * 2 > index.length) {
                rebuildIndex();
            } else {
                indexInsert(field.id(), size - 1);
            }
        } else if (size > INDEX_THRESHOLD) {
            rebuildIndex();
        }
        return this;
    }

    /** Sets a field only if the value is non-null and non-empty; answers whether it did. */
    public boolean putIfPresent(Field field, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        put(field, value);
        return true;
    }

    /** The first value of a field, or null when absent. */
    public @Nullable String value(Field field) {
        int i = indexOf(field.id());
        return i >= 0 ? values[i] : null;
    }

    /** All values of a field in insertion order (empty when absent). */
    public List<String> values(Field field) {
        List<String> out = new ArrayList<>(1);
        int id = field.id();
        for (int i = 0; i < size; i++) {
            if (fieldIds[i] == id) {
                out.add(values[i]);
            }
        }
        return out;
    }

    /** Whether the field has at least one value. */
    public boolean has(Field field) {
        return indexOf(field.id()) >= 0;
    }

    /** Removes every value of a field; answers how many were removed. */
    public int remove(Field field) {
        int id = field.id();
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (fieldIds[r] != id) {
                fieldIds[w] = fieldIds[r];
                values[w] = values[r];
                w++;
            }
        }
        int removed = size - w;
        for (int i = w; i < size; i++) {
            values[i] = null;
        }
        size = w;
        if (removed > 0) {
            index = null;
            if (size > INDEX_THRESHOLD) {
                rebuildIndex();
            }
        }
        return removed;
    }

    /** Number of (field, value) pairs. */
    public int size() {
        return size;
    }

    /** The field of the pair at a position, {@code 0 <= index < size()}. */
    public Field fieldAt(int index) {
        checkIndex(index);
        return Fields.byId(fieldIds[index]);
    }

    /** The field id of the pair at a position (no lookup). */
    public int fieldIdAt(int index) {
        checkIndex(index);
        return fieldIds[index];
    }

    /** The value of the pair at a position. */
    public String valueAt(int index) {
        checkIndex(index);
        return values[index];
    }

    private int indexOf(int fieldId) {
        long[] table = index;
        if (table != null) {
            int mask = table.length - 1;
            long key = fieldId + 1L;
            for (int slot = mix(fieldId) & mask; ; slot = (slot + 1) & mask) {
                long e = table[slot];
                if (e == 0) {
                    return -1;
                }
                if ((e >>> 32) == key) {
                    return (int) e - 1;
                }
            }
        }
        int[] ids = fieldIds;
        for (int i = 0; i < size; i++) {
            if (ids[i] == fieldId) {
                return i;
            }
        }
        return -1;
    }

    private void rebuildIndex() {
        int capacity = Integer.highestOneBit(Math.max(64, size * 4) - 1) << 1;
        index = new long[capacity];
        for (int i = 0; i < size; i++) {
            indexInsert(fieldIds[i], i);
        }
    }

    /** Inserts id → position unless the id is already present (the table maps to the first occurrence). */
    private void indexInsert(int fieldId, int position) {
        long[] table = index;
        int mask = table.length - 1;
        long key = fieldId + 1L;
        for (int slot = mix(fieldId) & mask; ; slot = (slot + 1) & mask) {
            long e = table[slot];
            if (e == 0) {
                table[slot] = key << 32 | (position + 1L);
                return;
            }
            if ((e >>> 32) == key) {
                return;
            }
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of 0.." + size);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Event{tenant=").append(tenant).append(", id=").append(id)
                .append(", @timestamp=").append(timestamp);
        for (int i = 0; i < size; i++) {
            sb.append(", ").append(Fields.byId(fieldIds[i]).name()).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
