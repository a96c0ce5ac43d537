package org.medsoc.asset;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parsing and normal forms of IP addresses, MAC addresses and host names. IPv4 addresses are dotted quads without
 * leading zeros; IPv6 addresses are in the compressed lowercase form of {@link InetAddress#getHostAddress()}; MAC
 * addresses are six lowercase colon-separated octets; host names are lowercase.
 */
final class Addresses {
    /** Returned by {@link #ipv4} for text that is not an IPv4 address. */
    static final long NOT_IPV4 = -1L;

    private Addresses() {}

    /**
     * The IPv4 address in {@code text} as an unsigned 32-bit value, or {@link #NOT_IPV4}. Parses the characters
     * in place, allocating nothing; rejects leading zeros so that every accepted text is the canonical form.
     */
    static long ipv4(String text) {
        int n = text.length();
        if (n < 7 || n > 15) {
            return NOT_IPV4;
        }
        long value = 0;
        int octet = 0;
        int digits = 0;
        int dots = 0;
        boolean leadingZero = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (leadingZero) {
                    return NOT_IPV4;
                }
                if (digits == 0 && c == '0') {
                    leadingZero = true;
                }
                octet = octet * 10 + (c - '0');
                digits++;
                if (digits > 3 || octet > 255) {
                    return NOT_IPV4;
                }
            } else if (c == '.') {
                if (digits == 0 || ++dots > 3) {
                    return NOT_IPV4;
                }
                value = value << 8 | octet;
                octet = 0;
                digits = 0;
                leadingZero = false;
            } else {
                return NOT_IPV4;
            }
        }
        if (dots != 3 || digits == 0) {
            return NOT_IPV4;
        }
        return value << 8 | octet;
    }

    /** The dotted form of an IPv4 value. */
    static String ipv4Text(int value) {
        return (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }

    /** The normal form of an IP address, or null when {@code text} is not one (host names are not resolved). */
    static @Nullable String normalIp(String text) {
        String t = text.strip();
        long v4 = ipv4(t);
        if (v4 != NOT_IPV4) {
            return t;
        }
        if (t.indexOf(':') < 0) {
            // Lenient IPv4 forms with leading zeros ("010.001.002.003") are accepted as decimal.
            return lenientIpv4(t);
        }
        String literal = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            // A literal containing ':' is parsed, never looked up in DNS.
            InetAddress a = InetAddress.getByName(literal);
            if (a instanceof Inet4Address) {
                return a.getHostAddress();
            }
            return a instanceof Inet6Address ? compress(a.getAddress()) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The RFC 5952 text of 16 address bytes: lowercase, no leading zeros, the longest zero run as {@code ::}. */
    static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }

    private static @Nullable String lenientIpv4(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        StringBuilder b = new StringBuilder(15);
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            int v = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(v);
        }
        return b.toString();
    }

    /**
     * The normal form of a MAC address ({@code aa:bb:cc:dd:ee:ff}) from colon, dash, Cisco dotted
     * ({@code aabb.ccdd.eeff}) or bare hexadecimal forms, or null when {@code text} is not one.
     */
    static @Nullable String normalMac(String text) {
        String t = text.strip();
        char[] hex = new char[12];
        int n = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
                if (n == 12) {
                    return null;
                }
                hex[n++] = c;
            } else if (c >= 'A' && c <= 'F') {
                if (n == 12) {
                    return null;
                }
                hex[n++] = (char) (c + ('a' - 'A'));
            } else if (c != ':' && c != '-' && c != '.') {
                return null;
            }
        }
        if (n != 12) {
            return null;
        }
        StringBuilder b = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                b.append(':');
            }
            b.append(hex[i]).append(hex[i + 1]);
        }
        return b.toString();
    }

    /** The normal form of a host name (lowercase, no trailing dot), or null when it holds invalid characters. */
    static @Nullable String normalHostname(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 253) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                    || c > 0x7f;
            if (!ok) {
                return null;
            }
        }
        return t;
    }
}
