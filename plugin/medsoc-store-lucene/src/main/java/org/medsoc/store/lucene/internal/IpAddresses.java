package org.medsoc.store.lucene.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Parses and formats IP address literals without ever touching DNS ({@link InetAddress#getByName} would resolve
 * host names). Addresses are handled in the 16-byte form Lucene's {@code InetAddressPoint} indexes: IPv4 as
 * IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}).
 */
public final class IpAddresses {
    private IpAddresses() {}

    /** The 16-byte form of an IPv4 or IPv6 literal, or null when the text is not one. */
    public static byte @Nullable [] parse(String text) {
        int n = text.length();
        if (n == 0 || n > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            byte[] out = new byte[16];
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            return parseIpv4(text, 0, n, out, 12) ? out : null;
        }
        return parseIpv6(text);
    }

    /** The address of a literal (no DNS), or null when the text is not one. */
    public static @Nullable InetAddress toInetAddress(String text) {
        byte[] b = parse(text);
        return b == null ? null : fromBytes(b);
    }

    /** The address of a 16-byte form; IPv4-mapped forms come back as IPv4 addresses. */
    public static InetAddress fromBytes(byte[] sixteen) {
        try {
            return InetAddress.getByAddress(sixteen);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address of 16 bytes: " + sixteen.length, e);
        }
    }

    /** Whether the 16-byte form is an IPv4-mapped address. */
    public static boolean isIpv4Mapped(byte[] b, int offset) {
        for (int i = 0; i < 10; i++) {
            if (b[offset + i] != 0) {
                return false;
            }
        }
        return b[offset + 10] == (byte) 0xff && b[offset + 11] == (byte) 0xff;
    }

    /** Text of a 16-byte form: dotted quad for IPv4-mapped, RFC 5952 compressed text for IPv6. */
    public static String format(byte[] b, int offset) {
        if (isIpv4Mapped(b, offset)) {
            return (b[offset + 12] & 0xff) + "." + (b[offset + 13] & 0xff) + "." + (b[offset + 14] & 0xff) + "."
                    + (b[offset + 15] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[offset + 2 * i] & 0xff) << 8) | (b[offset + 2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength && j - i >= 2) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static boolean parseIpv4(String s, int from, int to, byte[] out, int outOffset) {
        int part = 0;
        int value = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return false;
                }
            } else if (c == '.') {
                if (value < 0 || part == 3) {
                    return false;
                }
                out[outOffset + part++] = (byte) value;
                value = -1;
            } else {
                return false;
            }
        }
        if (value < 0 || part != 3) {
            return false;
        }
        out[outOffset + 3] = (byte) value;
        return true;
    }

    private static byte @Nullable [] parseIpv6(String s) {
        int n = s.length();
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return new byte[16];
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        byte[] out = new byte[16];
        while (i < n) {
            int end = i;
            while (end < n && s.charAt(end) != ':') {
                end++;
            }
            if (end == i) {
                return null;
            }
            if (end == n && s.indexOf('.', i) >= 0) {
                if (count > 6) {
                    return null;
                }
                byte[] v4 = new byte[4];
                if (!parseIpv4(s, i, n, v4, 0)) {
                    return null;
                }
                groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                i = n;
                break;
            }
            if (end - i > 4 || count == 8) {
                return null;
            }
            int g = 0;
            for (int k = i; k < end; k++) {
                int d = Character.digit(s.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                g = (g << 4) | d;
            }
            groups[count++] = g;
            if (end == n) {
                i = n;
                break;
            }
            if (end + 1 < n && s.charAt(end + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i = end + 2;
            } else if (end + 1 == n) {
                return null;
            } else {
                i = end + 1;
            }
        }
        if (gap < 0) {
            if (count != 8) {
                return null;
            }
        } else if (count > 7) {
            return null;
        } else {
            int move = count - gap;
            System.arraycopy(groups, gap, groups, 8 - move, move);
            for (int k = gap; k < 8 - move; k++) {
                groups[k] = 0;
            }
        }
        for (int k = 0; k < 8; k++) {
            out[2 * k] = (byte) (groups[k] >>> 8);
            out[2 * k + 1] = (byte) groups[k];
        }
        return out;
    }
}
