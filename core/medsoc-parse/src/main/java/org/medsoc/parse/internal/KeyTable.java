package org.medsoc.parse.internal;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * A lock-free lookup from a key found in a payload (a char region, no substring) to its vendor field
 * ({@code <prefix><key>}) and a dialect-specific code saying which schema field it maps to.
 *
 * <p>Entries are created on first sight of a key: the code comes from {@code codes} (looked up by the exact key, or
 * by the key folded to lower case without '-' and '_' when {@code fold} is set), the field name from {@code names}
 * (explicit ASCII names, used for Chinese keys) or else the sanitised key; non-ASCII keys without a name get no
 * field. At most {@link #MAX_ENTRIES} keys are cached per table so hostile input cannot grow it without bound.
 */
public final class KeyTable {
    /**
     * Upper bound on keys per table. Beyond it unknown keys get no field (the original keeps them): the field
     * registry is JVM-wide and bounded, and hostile input must not exhaust it for everyone else.
     */
    public static final int MAX_ENTRIES = 1024;
    private static final int MAX_KEY_LENGTH = 96;

    /** One key: its vendor field (null when the name is invalid or the registry full) and its schema code. */
    public record Entry(String key, int hash, @Nullable Field field, int code) {}

    /* Readers see either null or a fully built Entry (final fields); a missed entry is re-checked under the lock. */
    private volatile Entry[] table = new Entry[256];
    private int size;
    private final String prefix;
    private final Map<String, Integer> codes;
    private final Map<String, String> names;
    private final boolean fold;

    /**
     * @param prefix the vendor prefix including its dot, for example {@code fortinet.}
     * @param codes schema codes by key (folded keys when {@code fold})
     * @param names explicit field-name suffixes by exact key
     * @param fold whether codes are looked up case-insensitively ignoring '-' and '_'
     */
    public KeyTable(String prefix, Map<String, Integer> codes, Map<String, String> names, boolean fold) {
        this.prefix = prefix;
        this.codes = Map.copyOf(codes);
        this.names = Map.copyOf(names);
        this.fold = fold;
        // known keys first, so that a flood of unknown keys can never starve them
        if (!fold) {
            for (String key : this.codes.keySet()) {
                lookup(key);
            }
        }
        for (String key : this.names.keySet()) {
            lookup(key);
        }
    }

    /** The entry of s[start,end). */
    public Entry lookup(String s, int start, int end) {
        int h = hash(s, start, end);
        Entry[] t = table;
        int mask = t.length - 1;
        int len = end - start;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Entry e = t[i];
            if (e == null) {
                break;
            }
            if (e.hash == h && e.key.length() == len && e.key.regionMatches(0, s, start, len)) {
                return e;
            }
        }
        return miss(s.substring(start, end), h);
    }

    /** The entry of a whole key. */
    public Entry lookup(String key) {
        return lookup(key, 0, key.length());
    }

    private synchronized Entry miss(String key, int h) {
        Entry[] t = table;
        int mask = t.length - 1;
        int i = h & mask;
        for (; t[i] != null; i = (i + 1) & mask) {
            Entry e = t[i];
            if (e.hash == h && e.key.equals(key)) {
                return e;
            }
        }
        if (size >= MAX_ENTRIES) {
            Integer code = codes.get(fold ? fold(key) : key);
            return new Entry(key, h, null, code == null ? 0 : code);
        }
        Entry e = create(key, h);
        if ((size + 1) * 2 > t.length) {
            Entry[] grown = new Entry[t.length * 2];
            int gm = grown.length - 1;
            for (Entry old : t) {
                if (old != null) {
                    int j = old.hash & gm;
                    while (grown[j] != null) {
                        j = (j + 1) & gm;
                    }
                    grown[j] = old;
                }
            }
            int j = h & gm;
            while (grown[j] != null) {
                j = (j + 1) & gm;
            }
            grown[j] = e;
            table = grown;
        } else {
            t[i] = e;
            table = t; // volatile write publishes the slot
        }
        size++;
        return e;
    }

    private Entry create(String key, int h) {
        Integer code = codes.get(fold ? fold(key) : key);
        String name = names.get(key);
        if (name == null && key.length() <= MAX_KEY_LENGTH) {
            name = Text.sanitizeKey(key);
        }
        Field field = name == null ? null : Fields.intern(prefix + name);
        return new Entry(key, h, field, code == null ? 0 : code);
    }

    /** The key in lower case without '-' and '_', the form {@code codes} use when folding. */
    public static String fold(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '-' && c != '_') {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static int hash(String s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
