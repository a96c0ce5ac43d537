package org.medsoc.intel.internal;

import java.util.Arrays;

/**
 * An open-addressing hash map from fixed-width keys of one to four {@code long}s (IPv6 addresses, digests, CIDR
 * keys) to {@code int} values, with no boxing. Keys are stored once per entry, {@code width} longs each; slots hold
 * entry + 1 (0 = empty). Linear probing, power-of-two capacity, load at most 0.6. Unused key words are passed as 0.
 */
public final class WideKeySet {
    private final int width;
    /** (hash << 32) | (entry + 1); 0 = empty. The hash lets a probe skip foreign entries without reading keys. */
    private long[] slots = new long[16];
    private long[] keys;
    private int[] values = new int[16];
    private int size;

    /** A set of keys of {@code width} longs (1..4). */
    public WideKeySet(int width) {
        if (width < 1 || width > 4) {
            throw new IllegalArgumentException("width " + width + " is outside 1..4");
        }
        this.width = width;
        this.keys = new long[16 * width];
    }

    /** Maps a key to a value; answers the entry, new when {@link #size} grew. */
    public int put(long a, long b, long c, long d, int value) {
        int entry = find(a, b, c, d);
        if (entry >= 0) {
            values[entry] = value;
            return entry;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            keys = Arrays.copyOf(keys, size * 2 * width);
        }
        entry = size++;
        int base = entry * width;
        keys[base] = a;
        if (width > 1) {
            keys[base + 1] = b;
        }
        if (width > 2) {
            keys[base + 2] = c;
        }
        if (width > 3) {
            keys[base + 3] = d;
        }
        values[entry] = value;
        if (size * 5 > slots.length * 3) {
            rehash(slots.length * 2);
        } else {
            insert(entry);
        }
        return entry;
    }

    /** The entry of a key, or -1. */
    public int find(long a, long b, long c, long d) {
        long[] s = slots;
        long[] k = keys;
        int w = width;
        int mask = s.length - 1;
        int h = hash(a, b, c, d);
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            long tagged = s[slot];
            if (tagged == 0) {
                return -1;
            }
            if ((int) (tagged >>> 32) != h) {
                continue;
            }
            int e = (int) tagged - 1;
            int base = e * w;
            if (k[base] == a && (w < 2 || k[base + 1] == b) && (w < 3 || k[base + 2] == c)
                    && (w < 4 || k[base + 3] == d)) {
                return e;
            }
        }
    }

    /** The value of an entry. */
    public int value(int entry) {
        return values[entry];
    }

    /** Word {@code i} (0-based) of the key of an entry. */
    public long key(int entry, int i) {
        return keys[entry * width + i];
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Trims the entry arrays to their size (after the last put). */
    public void trim() {
        values = Arrays.copyOf(values, size);
        keys = Arrays.copyOf(keys, size * width);
    }

    /** Heap bytes held by the arrays. */
    public long estimatedBytes() {
        return 8L * slots.length + 4L * values.length + 8L * keys.length + 3 * 16 + 32;
    }

    private void insert(int entry) {
        int base = entry * width;
        long a = keys[base];
        long b = width > 1 ? keys[base + 1] : 0;
        long c = width > 2 ? keys[base + 2] : 0;
        long d = width > 3 ? keys[base + 3] : 0;
        int mask = slots.length - 1;
        int h = hash(a, b, c, d);
        int slot = h & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = (long) h << 32 | (entry + 1L);
    }

    private void rehash(int capacity) {
        slots = new long[capacity];
        for (int e = 0; e < size; e++) {
            insert(e);
        }
    }

    private static int hash(long a, long b, long c, long d) {
        long h = a * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 29) ^ b) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 31) ^ c) * 0x94D049BB133111EBL;
        h = (h ^ (h >>> 29) ^ d) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
