package org.medsoc.intel.internal;

import java.util.Arrays;

/**
 * An open-addressing hash map from {@code int} keys (IPv4 addresses) to {@code int} values, with no boxing.
 *
 * <p>Slots hold the key itself (0 = empty; the key 0 lives in a separate field) and the entry number, so a miss
 * touches one array. Entries are numbered in insertion order and keep their key, so callers can turn an entry back
 * into its value ({@link #key}). Linear probing, power-of-two capacity, load at most 0.6. Not thread-safe while
 * being filled; read-only use after the last {@link #put} is safe to share.
 */
public final class IntKeySet {
    private int[] slotKeys = new int[16];
    private int[] slotEntries = new int[16];
    private int zeroEntry = -1;
    private int[] keys = new int[16];
    private int[] values = new int[16];
    private int size;

    /** Maps a key to a value; answers the entry, which is new when {@link #size} grew. */
    public int put(int key, int value) {
        int entry = find(key);
        if (entry >= 0) {
            values[entry] = value;
            return entry;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        entry = size++;
        keys[entry] = key;
        values[entry] = value;
        if (key == 0) {
            zeroEntry = entry;
        } else {
            if (size * 5 > slotKeys.length * 3) {
                rehash(slotKeys.length * 2);
            }
            insert(key, entry);
        }
        return entry;
    }

    /** The entry of a key, or -1. */
    public int find(int key) {
        if (key == 0) {
            return zeroEntry;
        }
        int[] sk = slotKeys;
        int mask = sk.length - 1;
        for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
            int k = sk[slot];
            if (k == key) {
                return slotEntries[slot];
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    /** The value of an entry. */
    public int value(int entry) {
        return values[entry];
    }

    /** The key of an entry. */
    public int key(int entry) {
        return keys[entry];
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Trims the entry arrays to their size (after the last put). */
    public void trim() {
        keys = Arrays.copyOf(keys, size);
        values = Arrays.copyOf(values, size);
    }

    /** Heap bytes held by the arrays. */
    public long estimatedBytes() {
        return 4L * (slotKeys.length + slotEntries.length + keys.length + values.length) + 4 * 16 + 32;
    }

    private void insert(int key, int entry) {
        int mask = slotKeys.length - 1;
        int slot = mix(key) & mask;
        while (slotKeys[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slotKeys[slot] = key;
        slotEntries[slot] = entry;
    }

    private void rehash(int capacity) {
        slotKeys = new int[capacity];
        slotEntries = new int[capacity];
        for (int e = 0; e < size; e++) {
            if (keys[e] != 0) {
                insert(keys[e], e);
            }
        }
    }

    static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 15);
    }
}
