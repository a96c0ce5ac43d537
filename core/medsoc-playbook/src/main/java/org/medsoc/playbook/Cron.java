package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}, UTC) with {@code *}, lists
 * ({@code 1,15}), ranges ({@code 1-5}) and steps ({@code *}{@code /10}, {@code 8-18/2}). Day of week 0 or 7 is Sunday.
 * When both day fields are restricted, a day matches if either does (as in classic cron).
 */
public final class Cron {
    private final String source;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean daysRestricted;
    private final boolean weekdaysRestricted;

    private Cron(String source, BitSet[] fields, boolean daysRestricted, boolean weekdaysRestricted) {
        this.source = source;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.days = fields[2];
        this.months = fields[3];
        this.weekdays = fields[4];
        this.daysRestricted = daysRestricted;
        this.weekdaysRestricted = weekdaysRestricted;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public static Cron parse(String source) {
        requireNonNull(source, "source is null");
        String[] parts = source.strip().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("cron '" + source + "' must have 5 fields (minute hour day month weekday), has "
                    + parts.length);
        }
        String[] names = {"minute", "hour", "day of month", "month", "day of week"};
        int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = field(parts[i], ranges[i][0], ranges[i][1], names[i]);
        }
        if (fields[4].get(7)) {
            fields[4].set(0);
        }
        return new Cron(source.strip(), fields, !parts[2].equals("*"), !parts[4].equals("*"));
    }

    private static BitSet field(String text, int min, int max, String name) {
        BitSet set = new BitSet(max + 1);
        for (String item : text.split(",", -1)) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = number(item.substring(slash + 1), 1, max, name);
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                from = number(dash < 0 ? range : range.substring(0, dash), min, max, name);
                to = dash < 0 ? (slash >= 0 ? max : from) : number(range.substring(dash + 1), min, max, name);
                if (to < from) {
                    throw new IllegalArgumentException("cron " + name + " range '" + range + "' runs backwards");
                }
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, String name) {
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException("cron " + name + " value " + v + " is outside " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + name + " value '" + text + "' is not a number", e);
        }
    }

    /** The first minute strictly after {@code after} that the expression selects (searching at most 5 years ahead). */
    public Instant nextAfter(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.withHour(0).withMinute(0).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.withMinute(0).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t.toInstant();
        }
        throw new IllegalArgumentException("cron '" + source + "' never fires");
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean day = days.get(t.getDayOfMonth());
        boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (daysRestricted && weekdaysRestricted) {
            return day || weekday;
        }
        return day && weekday;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cron c && c.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
