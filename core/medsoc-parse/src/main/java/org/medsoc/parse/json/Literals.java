package org.medsoc.parse.json;

import org.medsoc.parse.internal.Text;
import org.medsoc.parse.internal.Timestamps;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Allocation-free recognisers for the scalar literals payload parsers validate: IP addresses, integers, ISO-8601
 * instants and epoch numbers. Shared by the JSON, Linux auth and access log parsers.
 */
public final class Literals {
    /** Answered by the timestamp readers when the text is not a valid instant. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private Literals() {}

    /** Whether {@code s} is a decimal signed 64-bit integer (optional leading '-', 1..18 digits). */
    public static boolean isLong(String s) {
        return parseLong(s, 0, s.length()) != NO_TIME;
    }

    /**
     * Parses a decimal integer of at most 18 digits (optional leading '-') in {@code s[from, to)}; answers
     * {@link #NO_TIME} when it is not one.
     */
    public static long parseLong(String s, int from, int to) {
        boolean negative = from < to && s.charAt(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 18) {
            return NO_TIME;
        }
        long value = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return NO_TIME;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    /**
     * Parses a hexadecimal ({@code 0x1a4}) or decimal non-negative integer, as Windows writes process ids; answers
     * {@link #NO_TIME} when it is neither.
     */
    public static long parseWindowsNumber(String s) {
        int n = s.length();
        if (n > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            if (n > 18) {
                return NO_TIME;
            }
            long value = 0;
            for (int i = 2; i < n; i++) {
                int h = Text.hex(s.charAt(i));
                if (h < 0) {
                    return NO_TIME;
                }
                value = (value << 4) | h;
            }
            return value;
        }
        long value = parseLong(s, 0, n);
        return value < 0 ? NO_TIME : value;
    }

    /**
     * Parses an instant: ISO-8601 ({@code 2025-12-06T21:11:02.649150Z}, {@code +08:00}, {@code +0800}, a space
     * instead of {@code T}, no offset meaning {@code zone}) or an epoch number (seconds, millis, micros or nanos by
     * magnitude, seconds may have a fraction). Answers epoch millis or {@link #NO_TIME}.
     */
    public static long parseInstant(String s, ZoneId zone) {
        int n = s.length();
        if (n == 0) {
            return NO_TIME;
        }
        char c0 = s.charAt(0);
        if (n >= 10 && s.charAt(4) == '-') {
            return parseIso(s, zone);
        }
        if (c0 >= '0' && c0 <= '9') {
            return parseEpoch(s);
        }
        return NO_TIME;
    }

    /** Parses an epoch number by magnitude (see {@link #parseInstant}); answers millis or {@link #NO_TIME}. */
    public static long parseEpoch(String s) {
        int n = s.length();
        int dot = s.indexOf('.');
        int end = dot < 0 ? n : dot;
        long whole = parseLong(s, 0, end);
        if (whole == NO_TIME || whole < 0) {
            return NO_TIME;
        }
        long fractionMillis = 0;
        if (dot >= 0) {
            if (dot == n - 1) {
                return NO_TIME;
            }
            long scale = 100;
            for (int i = dot + 1; i < n; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return NO_TIME;
                }
                fractionMillis += (c - '0') * scale;
                scale /= 10;
            }
        }
        if (whole < 100_000_000_000L) {
            return whole * 1000 + fractionMillis;
        }
        if (whole < 100_000_000_000_000L) {
            return whole;
        }
        if (whole < 100_000_000_000_000_000L) {
            return whole / 1000;
        }
        return NO_TIME;
    }

    private static long parseIso(String s, ZoneId zone) {
        int n = s.length();
        int year = digits(s, 0, 4);
        int month = n > 7 && s.charAt(7) == '-' ? digits(s, 5, 2) : -1;
        int day = digits(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return NO_TIME;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nanos = 0;
        int i = 10;
        if (i < n) {
            char t = s.charAt(i);
            if ((t != 'T' && t != ' ' && t != 't') || n < i + 6 || s.charAt(i + 3) != ':') {
                return NO_TIME;
            }
            hour = digits(s, i + 1, 2);
            minute = digits(s, i + 4, 2);
            i += 6;
            if (i < n && s.charAt(i) == ':') {
                second = digits(s, i + 1, 2);
                i += 3;
                if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                    i++;
                    int start = i;
                    int scale = 100_000_000;
                    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                        nanos += (s.charAt(i) - '0') * scale;
                        scale /= 10;
                        i++;
                    }
                    if (i == start || i - start > 9) {
                        return NO_TIME;
                    }
                }
            }
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
                return NO_TIME;
            }
            if (second == 60) {
                second = 59;
            }
        }
        long offsetSeconds;
        if (i == n) {
            if (zone instanceof ZoneOffset fixed) {
                offsetSeconds = fixed.getTotalSeconds();
            } else {
                offsetSeconds = zone.getRules()
                        .getOffset(LocalDateTime.of(year, month, day, hour, minute, second))
                        .getTotalSeconds();
            }
        } else {
            char z = s.charAt(i);
            if ((z == 'Z' || z == 'z') && i == n - 1) {
                offsetSeconds = 0;
            } else if (z == '+' || z == '-') {
                int oh = digits(s, i + 1, 2);
                int om;
                int rest = n - (i + 3);
                if (rest == 0) {
                    om = 0;
                } else if (rest == 3 && s.charAt(i + 3) == ':') {
                    om = digits(s, i + 4, 2);
                } else if (rest == 2) {
                    om = digits(s, i + 3, 2);
                } else {
                    return NO_TIME;
                }
                if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                    return NO_TIME;
                }
                offsetSeconds = (oh * 3600L + om * 60L) * (z == '-' ? -1 : 1);
            } else {
                return NO_TIME;
            }
        }
        long epochDay = epochDay(year, month, day);
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + nanos / 1_000_000;
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date. */
    public static long epochDay(int year, int month, int day) {
        return Timestamps.epochDay(year, month, day);
    }

    /** Number of days of a month (1-12) of a year. */
    public static int daysInMonth(int year, int month) {
        return Timestamps.daysInMonth(year, month);
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 when they are not all digits. */
    public static int digits(String s, int from, int count) {
        if (from < 0 || from + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
