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

    /** Whether the text is a dotted-quad IPv4 address or an IPv6 literal (hex groups, '::', embedded IPv4). */
    public static boolean isIp(String s) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return false;
        }
        return s.indexOf(':') >= 0 ? isIpv6(s) : isIpv4(s, 0, n);
    }

    private static boolean isIpv4(String s, int start, int end) {
        int parts = 0;
        int i = start;
        while (i <= end) {
            int j = i;
            int v = 0;
            while (j < end && s.charAt(j) >= '0' && s.charAt(j) <= '9' && j - i < 3) {
                v = v * 10 + (s.charAt(j) - '0');
                j++;
            }
            if (j == i || v > 255) {
                return false;
            }
            parts++;
            if (j == end) {
                return parts == 4;
            }
            if (s.charAt(j) != '.' || parts == 4) {
                return false;
            }
            i = j + 1;
        }
        return false;
    }

    private static boolean isIpv6(String s) {
        int n = s.length();
        int groups = 0;
        boolean doubleColon = false;
        int i = 0;
        if (s.startsWith("::")) {
            doubleColon = true;
            i = 2;
            if (n == 2) {
                return true;
            }
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            int j = i;
            while (j < n && j - i < 5 && isHex(s.charAt(j))) {
                j++;
            }
            if (j < n && s.charAt(j) == '.') {
                return isIpv4(s, i, n) && groups + 2 <= (doubleColon ? 7 : 8) && (doubleColon || groups == 6);
            }
            if (j == i || j - i > 4) {
                return false;
            }
            groups++;
            if (j == n) {
                break;
            }
            if (s.charAt(j) != ':') {
                return false;
            }
            if (j + 1 < n && s.charAt(j + 1) == ':') {
                if (doubleColon) {
                    return false;
                }
                doubleColon = true;
                i = j + 2;
                if (i == n) {
                    break;
                }
            } else {
                i = j + 1;
                if (i == n) {
                    return false;
                }
            }
        }
        return doubleColon ? groups <= 7 : groups == 8;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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
