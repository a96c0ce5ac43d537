package org.medsoc.parse.internal;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;

/** Allocation-free checks and bounded field writes used by every parser. */
public final class Text {
    /** Upper bound on (field, value) pairs in one event; further fields are dropped (the original keeps them). */
    public static final int MAX_FIELDS_PER_EVENT = 512;

    private Text() {}

    /** Declares (or finds) a KEYWORD field of a vendor prefix, for the constants of parsers. */
    public static Field keyword(String name) {
        return org.medsoc.spi.event.Fields.declare(name, org.medsoc.spi.event.FieldType.KEYWORD);
    }

    /** Adds a value unless the event is full or the value is empty; answers whether it did. */
    public static boolean add(Event event, @Nullable Field field, @Nullable String value) {
        if (field == null || value == null || value.isEmpty() || event.size() >= MAX_FIELDS_PER_EVENT) {
            return false;
        }
        event.add(field, value);
        return true;
    }

    /** Sets a value (replacing the first occurrence) unless the event is full or the value is empty. */
    public static boolean put(Event event, Field field, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (event.size() >= MAX_FIELDS_PER_EVENT && !event.has(field)) {
            return false;
        }
        event.put(field, value);
        return true;
    }

    /** Sets a LONG field when the value is a decimal integer within 64 bits. */
    public static boolean putLong(Event event, Field field, @Nullable String value) {
        return value != null && isLong(value) && put(event, field, value);
    }

    /** Sets an IP field when the value is an IPv4 or IPv6 literal. */
    public static boolean putIp(Event event, Field field, @Nullable String value) {
        return value != null && isIp(value) && put(event, field, value);
    }

    /** Whether the text is an optionally signed decimal integer that fits a long. */
    public static boolean isLong(String s) {
        int n = s.length();
        int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        if (i == n || n - i > 19) {
            return false;
        }
        for (int k = i; k < n; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (n - i == 19) {
            try {
                Long.parseLong(s);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** Whether s[start,end) is one or more ASCII digits. */
    public static boolean isDigits(CharSequence s, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Parses s[start,end) as a non-negative decimal (at most 18 digits), or answers -1. */
    public static long digits(CharSequence s, int start, int end) {
        if (start >= end || end - start > 18) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Whether {@code s} is an IPv4 or IPv6 address literal (IPv6 may carry a zone suffix {@code %eth0}). */
    public static boolean isIp(String s) {
        return isIp(s, 0, s.length());
    }

    /** Whether {@code s[from, to)} is an IPv4 or IPv6 address literal. */
    public static boolean isIp(String s, int from, int to) {
        if (from >= to || to - from > 64) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == ':') {
                return isIpv6(s, from, to);
            }
        }
        return isIpv4(s, from, to);
    }

    /** Whether {@code s[from, to)} is a dotted-quad IPv4 address. */
    public static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int i = from;
        while (i < to) {
            int digits = 0;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                digits++;
                i++;
                if (digits > 3) {
                    return false;
                }
            }
            if (digits == 0 || value > 255) {
                return false;
            }
            parts++;
            if (i < to) {
                if (s.charAt(i) != '.' || parts == 4) {
                    return false;
                }
                i++;
                if (i == to) {
                    return false;
                }
            }
        }
        return parts == 4;
    }

    private static boolean isIpv6(String s, int from, int to) {
        int zone = s.indexOf('%', from);
        if (zone >= 0 && zone < to) {
            if (zone == to - 1) {
                return false;
            }
            to = zone;
        }
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (to - i >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        } else if (s.charAt(i) == ':') {
            return false;
        }
        while (i < to) {
            int start = i;
            int hex = 0;
            while (i < to && hex(s.charAt(i)) >= 0) {
                i++;
                hex++;
            }
            if (i < to && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                if (!isIpv4(s, start, to)) {
                    return false;
                }
                groups += 2;
                i = to;
                break;
            }
            if (hex == 0 || hex > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        return compressed ? groups < 8 : groups == 8;
    }

    /** The value of a hexadecimal digit, or -1. */
    public static int hex(char c) {
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

    /** s[start,end) without leading and trailing spaces and tabs (shares nothing when empty). */
    public static String trimmed(String s, int start, int end) {
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** Whether s at pos starts with the ASCII prefix, ignoring case. */
    public static boolean startsWithIgnoreCase(String s, int pos, String prefix) {
        return s.regionMatches(true, pos, prefix, 0, prefix.length());
    }

    /**
     * A valid field-name segment made from a vendor key: ASCII letters, digits, '_', '-', '@' and '.' kept, other
     * ASCII replaced by '_'; null when the key holds non-ASCII characters, is empty or too long.
     */
    public static @Nullable String sanitizeKey(String key) {
        int n = key.length();
        if (n == 0 || n > 96) {
            return null;
        }
        StringBuilder sb = null;
        char prev = '.';
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c > 0x7e) {
                return null;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '@' || (c == '.' && prev != '.' && i != n - 1);
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(n).append(key, 0, i);
                }
                c = '_';
            }
            if (sb != null) {
                sb.append(c);
            }
            prev = c;
        }
        return sb == null ? key : sb.toString();
    }
}
