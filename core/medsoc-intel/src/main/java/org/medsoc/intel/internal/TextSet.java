package org.medsoc.intel.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.medsoc.intel.IntelErrorCode;
import org.medsoc.spi.error.MedsocException;

/**
 * An open-addressing hash map from strings (domains, URLs, e-mail addresses, user agents) to {@code int} values
 * that stores the strings as Latin-1 bytes in one arena instead of as {@code String} objects, and is queried with a
 * region of any {@link CharSequence} without allocating.
 *
 * <p>In a set for suffixes the hash runs from the last character to the first ({@code h = h * 31 + c}), so one
 * right-to-left pass over a domain yields the hash of every parent domain at each dot ({@link #step}, {@link #find(int, CharSequence, int,
 * int, int)}). Queries may fold ASCII upper case to lower case below a position ({@code foldUntil}); stored values
 * are already canonical. Slots hold entry + 1 and the entry's hash, so most misses never touch the arena. The rare
 * value with a character above U+00FF lives in a plain map.
 */
public final class TextSet {
    /** Pairs (entry + 1, hash) side by side, so a probe touches one cache line. */
    private int[] slots = new int[32];
    private byte[] arena = new byte[256];
    private int arenaSize;
    private int[] starts = new int[17];
    private int[] hashes = new int[16];
    private int[] values = new int[16];
    private int size;
    private final Map<String, Integer> wide = new HashMap<>();
    private final boolean suffixes;

    /**
     * A set for suffix walks ({@code suffixes}: right-to-left hash, see {@link #hash}) or for whole strings
     * (the {@link String#hashCode} polynomial, see {@link #exactHash}, which the JIT vectorises).
     */
    public TextSet(boolean suffixes) {
        this.suffixes = suffixes;
    }

    /**
     * The whole-string hash of {@code s} with ASCII upper case folded below {@code foldUntil}: equal to
     * {@code s.hashCode()} of the folded string, and computed by {@code s.hashCode()} when nothing needs folding.
     */
    public static int exactHash(String s, int foldUntil) {
        int upper = -1;
        for (int i = 0; i < foldUntil; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper = i;
                break;
            }
        }
        if (upper < 0) {
            return s.hashCode();
        }
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i < foldUntil && c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            h = 31 * h + c;
        }
        return h;
    }

    /** One step of the right-to-left hash: the hash after prepending character {@code c}. */
    public static int step(int h, char c) {
        return h * 31 + c;
    }

    /** The right-to-left hash of a region, folding ASCII upper case below {@code foldUntil}. */
    public static int hash(CharSequence s, int from, int to, int foldUntil) {
        int h = 0;
        for (int i = to - 1; i >= from; i--) {
            char c = s.charAt(i);
            if (i < foldUntil && c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            h = step(h, c);
        }
        return h;
    }

    /** Maps a canonical string to a value; answers the entry (new when {@link #size} grew), or -1 for wide text. */
    public int put(String text, int value) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                wide.put(text, value);
                return -1;
            }
        }
        int h = suffixes ? hash(text, 0, text.length(), 0) : text.hashCode();
        int entry = find(h, text, 0, text.length(), 0);
        if (entry >= 0) {
            values[entry] = value;
            return entry;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
            starts = Arrays.copyOf(starts, size * 2 + 1);
        }
        int n = text.length();
        if (arenaSize + n > arena.length) {
            long grown = Math.max((long) arena.length * 2, (long) arenaSize + n);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new MedsocException(IntelErrorCode.INDEX_FULL,
                        "the text arena of the indicator index exceeds 2 GiB; split the indicators across indexes");
            }
            arena = Arrays.copyOf(arena, (int) grown);
        }
        for (int i = 0; i < n; i++) {
            arena[arenaSize + i] = (byte) text.charAt(i);
        }
        entry = size++;
        starts[entry] = arenaSize;
        arenaSize += n;
        starts[size] = arenaSize;
        hashes[entry] = h;
        values[entry] = value;
        if (size * 10 > slots.length * 3) {
            rehash();
        } else {
            insert(entry);
        }
        return entry;
    }

    /**
     * The entry of the region {@code s[from, to)} whose right-to-left hash (see {@link #hash}) is {@code h},
     * comparing with ASCII case folded below {@code foldUntil}; -1 when absent.
     */
    public int find(int h, CharSequence s, int from, int to, int foldUntil) {
        int[] sl = slots;
        int mask = (sl.length >> 1) - 1;
        int n = to - from;
        for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
            int e = sl[slot << 1] - 1;
            if (e < 0) {
                return -1;
            }
            if (sl[(slot << 1) + 1] == h && starts[e + 1] - starts[e] == n
                    && equalsRegion(starts[e], s, from, to, foldUntil)) {
                return e;
            }
        }
    }

    /** The value of a region, or -1; also looks at the wide map (allocating only when that map is not empty). */
    public int findValue(String s, int from, int to, int foldUntil) {
        int h = suffixes ? hash(s, from, to, foldUntil)
                : from == 0 && to == s.length() ? exactHash(s, foldUntil)
                : exactHash(s.substring(from, to), foldUntil - from);
        return findValue(h, s, from, to, foldUntil);
    }

    /** {@link #findValue(String, int, int, int)} with the region's hash (in this set's kind) already computed. */
    public int findValue(int h, CharSequence s, int from, int to, int foldUntil) {
        int e = size == 0 ? -1 : find(h, s, from, to, foldUntil);
        if (e >= 0) {
            return values[e];
        }
        if (!wide.isEmpty()) {
            Integer v = wide.get(s.subSequence(from, to).toString());
            return v == null ? -1 : v;
        }
        return -1;
    }

    /** The value of an entry. */
    public int value(int entry) {
        return values[entry];
    }

    /** The value stored for a wide string (one with a character above U+00FF), or -1. */
    public int wideValue(String text) {
        Integer v = wide.get(text);
        return v == null ? -1 : v;
    }

    /** The text of an entry. */
    public String text(int entry) {
        int start = starts[entry];
        int n = starts[entry + 1] - start;
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = (char) (arena[start + i] & 0xFF);
        }
        return new String(chars);
    }

    /** Number of entries in the arena (wide strings not counted). */
    public int size() {
        return size;
    }

    /** Whether nothing is stored. */
    public boolean isEmpty() {
        return size == 0 && wide.isEmpty();
    }

    /** Number of wide strings. */
    public int wideSize() {
        return wide.size();
    }

    /** Trims the entry arrays and the arena to their size (after the last put). */
    public void trim() {
        values = Arrays.copyOf(values, size);
        hashes = Arrays.copyOf(hashes, size);
        starts = Arrays.copyOf(starts, size + 1);
        arena = Arrays.copyOf(arena, arenaSize);
    }

    /** Heap bytes held by the arrays (and a rough figure for the wide map). */
    public long estimatedBytes() {
        return 4L * (slots.length + starts.length + hashes.length + values.length)
                + arena.length + 6 * 16 + 64 + wide.size() * 120L;
    }

    private boolean equalsRegion(int start, CharSequence s, int from, int to, int foldUntil) {
        byte[] a = arena;
        for (int i = from, j = start; i < to; i++, j++) {
            char c = s.charAt(i);
            if (i < foldUntil && c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if ((a[j] & 0xFF) != c) {
                return false;
            }
        }
        return true;
    }

    private void insert(int entry) {
        int h = hashes[entry];
        int mask = (slots.length >> 1) - 1;
        int slot = mix(h) & mask;
        while (slots[slot << 1] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot << 1] = entry + 1;
        slots[(slot << 1) + 1] = h;
    }

    /** Doubles the number of slots. */
    private void rehash() {
        slots = new int[slots.length * 2];
        for (int e = 0; e < size; e++) {
            insert(e);
        }
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
