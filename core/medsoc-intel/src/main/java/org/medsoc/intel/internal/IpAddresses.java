package org.medsoc.intel.internal;

/**
 * Allocation-free parsing and canonical formatting of IP addresses over a region of a string.
 *
 * <p>IPv4 addresses are answered as an unsigned value in a {@code long} (-1 when invalid). IPv6 addresses are 128
 * bits; to avoid returning an array, {@link #ipv6(CharSequence, int, int, int)} is asked once per half (and once for
 * validity). Leading zeros in IPv4 octets are refused (they mean octal to some parsers), zone ids ({@code %eth0})
 * and brackets are ignored.
 */
public final class IpAddresses {
    /** {@link #ipv6} part selector: the high 64 bits. */
    public static final int HIGH = 0;
    /** {@link #ipv6} part selector: the low 64 bits. */
    public static final int LOW = 1;
    /** {@link #ipv6} part selector: 1 when the text is a valid address, 0 otherwise. */
    public static final int VALID = 2;

    private IpAddresses() {}

    /** The address as unsigned 32 bits, or -1 when {@code s[from, to)} is not a dotted-quad IPv4 address. */
    public static long ipv4(CharSequence s, int from, int to) {
        if (to - from < 7 || to - from > 15) {
            return -1;
        }
        long result = 0;
        int octets = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            result = result << 8 | v;
            octets++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != '.' || octets == 4) {
                return -1;
            }
            i++;
            if (i == to) {
                return -1;
            }
        }
        return octets == 4 ? result : -1;
    }

    /** {@link #ipv4(CharSequence, int, int)} over a whole string. */
    public static long ipv4(CharSequence s) {
        return ipv4(s, 0, s.length());
    }

    /**
     * One part of the IPv6 address in {@code s[from, to)}: {@link #HIGH}, {@link #LOW} or {@link #VALID}. Callers ask
     * {@code VALID} first; the halves of an invalid text are meaningless.
     */
    public static long ipv6(CharSequence s, int from, int to, int part) {
        if (to - from >= 2 && s.charAt(from) == '[' && s.charAt(to - 1) == ']') {
            from++;
            to--;
        }
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '%') {
                to = k;
                break;
            }
        }
        if (to - from < 2 || to - from > 45) {
            return part == VALID ? 0 : 0;
        }
        long leftHi = 0;
        long leftLo = 0;
        long rightHi = 0;
        long rightLo = 0;
        int left = 0;
        int right = 0;
        boolean compressed = false;
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return 0;
            }
            compressed = true;
            i += 2;
        }
        boolean ok = true;
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to) {
                int d = hexDigit(s.charAt(i));
                if (d < 0) {
                    break;
                }
                v = v << 4 | d;
                i++;
            }
            int digits = i - start;
            if (i < to && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                long v4 = ipv4(s, start, to);
                if (v4 < 0) {
                    ok = false;
                    break;
                }
                for (int g = 0; g < 2; g++) {
                    int group = (int) (g == 0 ? v4 >>> 16 : v4 & 0xFFFF);
                    if (compressed) {
                        rightHi = rightHi << 16 | rightLo >>> 48;
                        rightLo = rightLo << 16 | group;
                        right++;
                    } else {
                        leftHi = leftHi << 16 | leftLo >>> 48;
                        leftLo = leftLo << 16 | group;
                        left++;
                    }
                }
                i = to;
                break;
            }
            if (digits == 0 || digits > 4) {
                ok = false;
                break;
            }
            if (compressed) {
                rightHi = rightHi << 16 | rightLo >>> 48;
                rightLo = rightLo << 16 | v;
                right++;
            } else {
                leftHi = leftHi << 16 | leftLo >>> 48;
                leftLo = leftLo << 16 | v;
                left++;
            }
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                ok = false;
                break;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressed) {
                    ok = false;
                    break;
                }
                compressed = true;
                i++;
            } else if (i == to) {
                ok = false;
                break;
            }
        }
        if (ok) {
            ok = compressed ? left + right <= 7 : left == 8;
        }
        if (part == VALID) {
            return ok ? 1 : 0;
        }
        // shift the left groups to the top: 16 * (8 - left) bits
        int shift = 16 * (8 - left);
        long hi;
        long lo;
        if (shift == 0) {
            hi = leftHi;
            lo = leftLo;
        } else if (shift >= 128) {
            hi = 0;
            lo = 0;
        } else if (shift >= 64) {
            hi = leftLo << (shift - 64);
            lo = 0;
        } else {
            hi = leftHi << shift | leftLo >>> (64 - shift);
            lo = leftLo << shift;
        }
        return part == HIGH ? hi | rightHi : lo | rightLo;
    }

    /** Whether the whole string is an IPv6 address. */
    public static boolean isIpv6(CharSequence s) {
        return ipv6(s, 0, s.length(), VALID) == 1;
    }

    /** The IPv4 address as a dotted quad. */
    public static String formatIpv4(long address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    /** The IPv6 address in RFC 5952 canonical text (longest zero run compressed, lower-case, IPv4-mapped dotted). */
    public static String formatIpv6(long hi, long lo) {
        int[] groups = new int[8];
        for (int g = 0; g < 4; g++) {
            groups[g] = (int) (hi >>> (48 - 16 * g)) & 0xFFFF;
            groups[g + 4] = (int) (lo >>> (48 - 16 * g)) & 0xFFFF;
        }
        if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
            return "::ffff:" + formatIpv4(lo & 0xFFFF_FFFFL);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] == 0) {
                int start = g;
                while (g < 8 && groups[g] == 0) {
                    g++;
                }
                if (g - start > bestLength) {
                    bestStart = start;
                    bestLength = g - start;
                }
            } else {
                g++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[g]));
        }
        return sb.toString();
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
