package org.medsoc.parse.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Hand-written timestamp parsers for the forms found in logs, answering epoch milliseconds or {@link #INVALID}.
 * They allocate nothing on the fixed-offset path; zones with rules look up their offset by instant.
 */
public final class Timestamps {
    /** Answered when the text is not a valid timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long HALF_DAY_MILLIS = 12L * 3600 * 1000;
    /* Devices in China write "CST" for China Standard Time, not US Central as in ZoneId.SHORT_IDS. */
    private static final java.util.Map<String, String> SHORT_IDS;

    static {
        java.util.Map<String, String> m = new java.util.HashMap<>(ZoneId.SHORT_IDS);
        m.put("CST", "Asia/Shanghai");
        m.put("UTC", "UTC");
        m.put("GMT", "GMT");
        SHORT_IDS = java.util.Map.copyOf(m);
    }

    private Timestamps() {}

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    public static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** Number of days of a month (1-12) of a year. */
    public static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Epoch millis of a wall-clock time at a fixed UTC offset; INVALID when a field is out of range. */
    public static long atOffset(int year, int month, int day, int hour, int minute, int second, int millis,
            int offsetSeconds) {
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0) {
            return INVALID;
        }
        if (second == 60) {
            second = 59; // leap second
        }
        long days = epochDay(year, month, day);
        return ((days * 86400 + hour * 3600L + minute * 60L + second) - offsetSeconds) * 1000 + millis;
    }

    /** Epoch millis of a wall-clock time in a zone; INVALID when a field is out of range. */
    public static long inZone(int year, int month, int day, int hour, int minute, int second, int millis,
            ZoneId zone) {
        if (zone instanceof ZoneOffset offset) {
            return atOffset(year, month, day, hour, minute, second, millis, offset.getTotalSeconds());
        }
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return atOffset(year, month, day, hour, minute, second, millis,
                    rules.getOffset(Instant.EPOCH).getTotalSeconds());
        }
        long utc = atOffset(year, month, day, hour, minute, second, millis, 0);
        if (utc == INVALID) {
            return INVALID;
        }
        // the offset at the wall-clock instant read as UTC; re-checked once to land on the right side of a
        // transition (in a gap or overlap this picks one of the two offsets, as LocalDateTime would)
        long first = rules.getOffset(Instant.ofEpochMilli(utc)).getTotalSeconds() * 1000L;
        long t = utc - first;
        long second2 = rules.getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L;
        return second2 == first ? t : utc - second2;
    }

    /**
     * RFC 3339 / ISO 8601: {@code yyyy-MM-dd(T| )HH:mm[:ss][.fraction][Z|±hh:mm|±hhmm|±hh]} spanning exactly
     * s[start,end). Without an offset the time is read in {@code zone}.
     */
    public static long iso(String s, int start, int end, ZoneId zone) {
        if (end - start < 16 || s.charAt(start + 4) != '-' || s.charAt(start + 7) != '-'
                || s.charAt(start + 13) != ':') {
            return INVALID;
        }
        char t = s.charAt(start + 10);
        if (t != 'T' && t != 't' && t != ' ') {
            return INVALID;
        }
        int year = (int) Text.digits(s, start, start + 4);
        int month = (int) Text.digits(s, start + 5, start + 7);
        int day = (int) Text.digits(s, start + 8, start + 10);
        int hour = (int) Text.digits(s, start + 11, start + 13);
        int minute = (int) Text.digits(s, start + 14, start + 16);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) {
            return INVALID;
        }
        int p = start + 16;
        int second = 0;
        if (p < end && s.charAt(p) == ':') {
            second = (int) Text.digits(s, p + 1, Math.min(p + 3, end));
            if (second < 0 || p + 3 > end) {
                return INVALID;
            }
            p += 3;
        }
        int millis = 0;
        if (p < end && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
            p++;
            int digits = 0;
            while (p < end && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                if (digits < 3) {
                    millis = millis * 10 + (s.charAt(p) - '0');
                }
                digits++;
                p++;
            }
            if (digits == 0) {
                return INVALID;
            }
            for (int k = digits; k < 3; k++) {
                millis *= 10;
            }
        }
        if (p == end) {
            return inZone(year, month, day, hour, minute, second, millis, zone);
        }
        char z = s.charAt(p);
        if ((z == 'Z' || z == 'z') && p + 1 == end) {
            return atOffset(year, month, day, hour, minute, second, millis, 0);
        }
        int offset = offsetSeconds(s, p, end);
        if (offset == Integer.MIN_VALUE) {
            return INVALID;
        }
        return atOffset(year, month, day, hour, minute, second, millis, offset);
    }

    /** {@code ±hh:mm}, {@code ±hhmm} or {@code ±hh} spanning s[p,end) in seconds, or Integer.MIN_VALUE. */
    public static int offsetSeconds(String s, int p, int end) {
        if (p >= end) {
            return Integer.MIN_VALUE;
        }
        char sign = s.charAt(p);
        if (sign != '+' && sign != '-') {
            return Integer.MIN_VALUE;
        }
        int len = end - p - 1;
        int hh;
        int mm;
        if (len == 5 && s.charAt(p + 3) == ':') {
            hh = (int) Text.digits(s, p + 1, p + 3);
            mm = (int) Text.digits(s, p + 4, p + 6);
        } else if (len == 4) {
            hh = (int) Text.digits(s, p + 1, p + 3);
            mm = (int) Text.digits(s, p + 3, p + 5);
        } else if (len == 2) {
            hh = (int) Text.digits(s, p + 1, p + 3);
            mm = 0;
        } else {
            return Integer.MIN_VALUE;
        }
        if (hh < 0 || mm < 0 || hh > 18 || mm > 59) {
            return Integer.MIN_VALUE;
        }
        int secs = hh * 3600 + mm * 60;
        return sign == '-' ? -secs : secs;
    }

    /** The month 1..12 of a three-letter English abbreviation at s[p,p+3) (any case), or 0. */
    public static int month(String s, int p) {
        if (p + 3 > s.length()) {
            return 0;
        }
        int a = s.charAt(p) | 0x20;
        int b = s.charAt(p + 1) | 0x20;
        int c = s.charAt(p + 2) | 0x20;
        return switch (a) {
            case 'j' -> b == 'a' && c == 'n' ? 1 : b == 'u' ? (c == 'n' ? 6 : c == 'l' ? 7 : 0) : 0;
            case 'f' -> b == 'e' && c == 'b' ? 2 : 0;
            case 'm' -> b == 'a' ? (c == 'r' ? 3 : c == 'y' ? 5 : 0) : 0;
            case 'a' -> b == 'p' && c == 'r' ? 4 : b == 'u' && c == 'g' ? 8 : 0;
            case 's' -> b == 'e' && c == 'p' ? 9 : 0;
            case 'o' -> b == 'c' && c == 't' ? 10 : 0;
            case 'n' -> b == 'o' && c == 'v' ? 11 : 0;
            case 'd' -> b == 'e' && c == 'c' ? 12 : 0;
            default -> 0;
        };
    }

    /**
     * A time without a year: the year is chosen so that the instant is nearest to {@code receivedAt} (messages
     * around New Year land in the right year).
     */
    public static long nearestYear(int month, int day, int hour, int minute, int second, int millis, ZoneId zone,
            long receivedAt) {
        int year = yearOf(receivedAt, zone);
        long same = inZone(year, month, day, hour, minute, second, millis, zone);
        if (same != INVALID && Math.abs(same - receivedAt) < 150L * 86_400_000L) {
            return same; // nearer than any other year can be
        }
        long best = INVALID;
        long bestDistance = Long.MAX_VALUE;
        for (int y = year - 1; y <= year + 1; y++) {
            long t = inZone(y, month, day, hour, minute, second, millis, zone);
            if (t != INVALID) {
                long d = Math.abs(t - receivedAt);
                if (d < bestDistance) {
                    best = t;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    private static int yearOf(long epochMillis, ZoneId zone) {
        long days = Math.floorDiv(epochMillis + HALF_DAY_MILLIS, 86_400_000L); // within a day is enough
        // civil_from_days (year only)
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long month = mp + (mp < 10 ? 3 : -9);
        return (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    }

    /** Epoch seconds, millis, micros or nanos by number of digits (10, 13, 16, 19), or INVALID. */
    public static long epochNumber(String s) {
        int n = s.length();
        if (n > 19 || !Text.isDigits(s, 0, n) || n < 9) {
            return INVALID;
        }
        long v = n == 19 ? Long.parseLong(s) : Text.digits(s, 0, n);
        if (n <= 11) {
            return v * 1000;
        } else if (n <= 14) {
            return v;
        } else if (n <= 17) {
            return v / 1000;
        } else {
            return v / 1_000_000;
        }
    }

    /**
     * The ArcSight/QRadar forms {@code MMM dd [yyyy] HH:mm:ss[.SSS] [zone]} (zone such as {@code UTC}, {@code GMT+08:00},
     * {@code +0800} or a region id); without a year it is chosen nearest to {@code receivedAt}, without a zone it is
     * read in {@code zone}.
     */
    public static long monthDayTime(String s, ZoneId zone, long receivedAt) {
        int n = s.length();
        int month = month(s, 0);
        if (month == 0 || n < 14 || s.charAt(3) != ' ') {
            return INVALID;
        }
        int p = 4;
        while (p < n && s.charAt(p) == ' ') {
            p++;
        }
        int q = p;
        while (q < n && s.charAt(q) != ' ') {
            q++;
        }
        int day = (int) Text.digits(s, p, q);
        if (day < 1 || q - p > 2 || q >= n) {
            return INVALID;
        }
        p = q + 1;
        int year = -1;
        if (p + 5 <= n && s.charAt(p + 4) == ' ' && Text.isDigits(s, p, p + 4)) {
            year = (int) Text.digits(s, p, p + 4);
            p += 5;
        }
        if (p + 8 > n || s.charAt(p + 2) != ':' || s.charAt(p + 5) != ':') {
            return INVALID;
        }
        int hour = (int) Text.digits(s, p, p + 2);
        int minute = (int) Text.digits(s, p + 3, p + 5);
        int second = (int) Text.digits(s, p + 6, p + 8);
        if (hour < 0 || minute < 0 || second < 0) {
            return INVALID;
        }
        p += 8;
        int millis = 0;
        if (p < n && s.charAt(p) == '.') {
            int f = p + 1;
            while (f < n && s.charAt(f) >= '0' && s.charAt(f) <= '9') {
                f++;
            }
            if (f == p + 1) {
                return INVALID;
            }
            millis = (int) Text.digits(s, p + 1, Math.min(f, p + 4));
            for (int k = f - p - 1; k < 3; k++) {
                millis *= 10;
            }
            p = f;
        }
        ZoneId z = zone;
        if (p < n) {
            if (s.charAt(p) != ' ') {
                return INVALID;
            }
            String zoneText = s.substring(p + 1).trim();
            ZoneId parsed = parseZone(zoneText);
            if (parsed == null) {
                return INVALID;
            }
            z = parsed;
        }
        if (year < 0) {
            return nearestYear(month, day, hour, minute, second, millis, z, receivedAt);
        }
        return inZone(year, month, day, hour, minute, second, millis, z);
    }

    /** A zone named in a log line: {@code Z}, {@code UTC}, {@code GMT+8}, {@code +0800}, {@code Asia/Shanghai}. */
    public static @org.jspecify.annotations.Nullable ZoneId parseZone(String text) {
        if (text.isEmpty() || text.length() > 40) {
            return null;
        }
        char c = text.charAt(0);
        if (c == '+' || c == '-') {
            int off = offsetSeconds(text, 0, text.length());
            return off == Integer.MIN_VALUE ? null : ZoneOffset.ofTotalSeconds(off);
        }
        try {
            return ZoneId.of(text, SHORT_IDS);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
