package org.medsoc.intel.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An immutable longest-prefix-match table of CIDR networks: the networks (which either nest or are disjoint) are
 * flattened into sorted, non-overlapping 128-bit intervals, each labelled with the most specific network covering
 * it, and looked up by binary search. IPv4 networks use the low 32 bits with a zero high word.
 *
 * <p>Flattening sorts by start, widest first, and sweeps with a stack of open networks: a gap between the cursor
 * and the next start belongs to the innermost open network; an interval ends where its network ends.
 */
public final class Ranges {
    private static final Ranges EMPTY = new Ranges(new long[0], new long[0], new long[0], new long[0], new int[0], 32);
    /** Below this many intervals a plain binary search is as fast as the bucket table. */
    private static final int BUCKETS_FROM = 256;

    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;
    private final int[] values;
    private final int bits;
    /**
     * For each value of the top 16 address bits, the first interval whose end reaches that block: the interval
     * containing an address lies between the entries of its block and the next, so the binary search runs over a
     * handful of intervals instead of all of them (a search over all costs one cache miss per step).
     */
    private final int @Nullable [] buckets;

    private Ranges(long[] startHi, long[] startLo, long[] endHi, long[] endLo, int[] values, int bits) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.endHi = endHi;
        this.endLo = endLo;
        this.values = values;
        this.bits = bits;
        if (values.length < BUCKETS_FROM) {
            this.buckets = null;
        } else {
            int[] b = new int[65537];
            int i = 0;
            for (int block = 0; block < 65536; block++) {
                while (i < values.length && Integer.compareUnsigned(block(endHi[i], endLo[i]), block) < 0) {
                    i++;
                }
                b[block] = i;
            }
            b[65536] = values.length;
            this.buckets = b;
        }
    }

    private int block(long hi, long lo) {
        return bits == 32 ? (int) (lo >>> 16) & 0xFFFF : (int) (hi >>> 48);
    }

    /** The high-word mask of an IPv6 prefix length. */
    public static long highMask(int prefix) {
        return prefix <= 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    /** The low-word mask of an IPv6 prefix length. */
    public static long lowMask(int prefix) {
        return prefix <= 64 ? 0 : prefix >= 128 ? -1L : -1L << (128 - prefix);
    }

    /**
     * Builds the table from {@code count} networks given by their first address ({@code hi}, {@code lo}, host bits
     * clear), prefix length counted within {@code bits} (32 or 128) and value. Networks must be distinct.
     */
    public static Ranges build(long[] hi, long[] lo, int[] prefix, int[] value, int count, int bits) {
        if (count == 0) {
            return EMPTY;
        }
        long[] eHi = new long[count];
        long[] eLo = new long[count];
        for (int i = 0; i < count; i++) {
            int p = prefix[i] + (128 - bits);
            eHi[i] = hi[i] | ~highMask(p);
            eLo[i] = lo[i] | ~lowMask(p);
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = compare(hi[x], lo[x], hi[y], lo[y]);
            return c != 0 ? c : Integer.compare(prefix[x], prefix[y]);
        });
        Builder out = new Builder(count * 2 + 1);
        int[] stack = new int[130];
        int depth = 0;
        long cHi = hi[order[0]];
        long cLo = lo[order[0]];
        boolean done = false;
        for (Integer boxed : order) {
            int n = boxed;
            while (depth > 0 && compare(eHi[stack[depth - 1]], eLo[stack[depth - 1]], hi[n], lo[n]) < 0) {
                int top = stack[--depth];
                if (compare(cHi, cLo, eHi[top], eLo[top]) <= 0) {
                    out.add(cHi, cLo, eHi[top], eLo[top], value[top]);
                }
                cLo = eLo[top] + 1;
                cHi = eHi[top] + (cLo == 0 ? 1 : 0);
            }
            if (depth > 0 && compare(cHi, cLo, hi[n], lo[n]) < 0) {
                long bLo = lo[n] - 1;
                long bHi = hi[n] - (lo[n] == 0 ? 1 : 0);
                out.add(cHi, cLo, bHi, bLo, value[stack[depth - 1]]);
            }
            cHi = hi[n];
            cLo = lo[n];
            stack[depth++] = n;
        }
        while (depth > 0) {
            int top = stack[--depth];
            if (!done && compare(cHi, cLo, eHi[top], eLo[top]) <= 0) {
                out.add(cHi, cLo, eHi[top], eLo[top], value[top]);
            }
            if (eHi[top] == -1L && eLo[top] == -1L) {
                done = true;
            }
            cLo = eLo[top] + 1;
            cHi = eHi[top] + (cLo == 0 ? 1 : 0);
        }
        return out.build(bits);
    }

    /** The value of the most specific network containing the address, or -1. */
    public int find(long hi, long lo) {
        int low = 0;
        int high = values.length - 1;
        int[] b = buckets;
        if (b != null) {
            int block = block(hi, lo);
            low = b[block];
            high = Math.min(b[block + 1], high);
        }
        int candidate = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
                candidate = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (candidate >= 0 && compare(hi, lo, endHi[candidate], endLo[candidate]) <= 0) {
            return values[candidate];
        }
        return -1;
    }

    /** Number of flattened intervals. */
    public int intervals() {
        return values.length;
    }

    /** Heap bytes held by the arrays. */
    public long estimatedBytes() {
        return 36L * values.length + 5 * 16 + 32 + (buckets == null ? 0 : 4L * buckets.length);
    }

    static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    private static final class Builder {
        long[] sHi;
        long[] sLo;
        long[] eHi;
        long[] eLo;
        int[] v;
        int n;

        Builder(int capacity) {
            sHi = new long[capacity];
            sLo = new long[capacity];
            eHi = new long[capacity];
            eLo = new long[capacity];
            v = new int[capacity];
        }

        void add(long aHi, long aLo, long bHi, long bLo, int value) {
            sHi[n] = aHi;
            sLo[n] = aLo;
            eHi[n] = bHi;
            eLo[n] = bLo;
            v[n] = value;
            n++;
        }

        Ranges build(int bits) {
            return new Ranges(Arrays.copyOf(sHi, n), Arrays.copyOf(sLo, n), Arrays.copyOf(eHi, n),
                    Arrays.copyOf(eLo, n), Arrays.copyOf(v, n), bits);
        }
    }
}
