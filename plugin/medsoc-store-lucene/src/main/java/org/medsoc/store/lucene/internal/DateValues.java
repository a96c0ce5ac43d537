package org.medsoc.store.lucene.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Date values in queries: epoch milliseconds ({@code 1764028800000}), ISO-8601 instants
 * ({@code 2026-11-25T10:00:00Z}, {@code 2026-11-25T18:00:00+08:00}), local date-times taken as UTC
 * ({@code 2026-11-25T10:00:00}) and whole UTC days ({@code 2026-11-25}).
 *
 * <p>A value stands for a period: a day for a date, one millisecond otherwise. Ranges round like Elasticsearch:
 * {@code [2026-11-25 TO 2026-11-26]} includes both whole days.
 */
public final class DateValues {
    private DateValues() {}

    /** The period {@code [start, end)} of a date text, or null when the text is not a date. */
    public static long @Nullable [] parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (isInteger(t)) {
            try {
                long v = Long.parseLong(t);
                return new long[] {v, v == Long.MAX_VALUE ? v : v + 1};
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            if (t.length() == 10) {
                LocalDate d = LocalDate.parse(t);
                long start = d.toEpochDay() * 86_400_000L;
                return new long[] {start, start + 86_400_000L};
            }
            long millis;
            char last = t.charAt(t.length() - 1);
            if (last == 'Z' || last == 'z') {
                millis = Instant.parse(t.toUpperCase(Locale.ROOT)).toEpochMilli();
            } else if (hasOffset(t)) {
                millis = OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } else {
                millis = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return new long[] {millis, millis + 1};
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean isInteger(String t) {
        int start = t.charAt(0) == '-' ? 1 : 0;
        if (start == t.length()) {
            return false;
        }
        for (int i = start; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasOffset(String t) {
        int tee = t.indexOf('T');
        if (tee < 0) {
            return false;
        }
        return t.indexOf('+', tee) > 0 || t.indexOf('-', tee) > 0;
    }
}
