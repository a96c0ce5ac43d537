package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is on duty when, for one tenant: a weekly pattern of {@link Shift shifts} in the tenant's time zone, holidays
 * on which only holiday shifts apply, {@link Cover covers} (a person standing in for a date range), and a fallback
 * chain for times no shift covers.
 *
 * <p>Resolution of an instant: the shift containing it (an overnight shift started the day before counts; the first
 * one in list order wins if shifts overlap, which {@link OnCallDirectory#check} reports as an error), else the
 * fallback chain; then every cover applying on the instant's local date, in list order; then duplicates removed
 * keeping the first place.
 *
 * @param zone the tenant's time zone, in which shift times and dates are read
 * @param shifts the weekly pattern
 * @param covers overrides for date ranges
 * @param holidays local dates on which only shifts with {@code onHolidays} apply
 * @param fallbackChain the chain for times no shift covers; may be empty (then such times are reported as gaps)
 */
public record Roster(ZoneId zone, List<Shift> shifts, List<Cover> covers, Set<LocalDate> holidays,
        List<String> fallbackChain) {
    private static final int DAY = 24 * 60;
    private static final int WEEK = 7 * DAY;

    /** Validates and copies the values. */
    public Roster {
        requireNonNull(zone, "zone is null");
        shifts = List.copyOf(requireNonNull(shifts, "shifts is null"));
        covers = List.copyOf(requireNonNull(covers, "covers is null"));
        holidays = Set.copyOf(requireNonNull(holidays, "holidays is null"));
        fallbackChain = List.copyOf(requireNonNull(fallbackChain, "fallbackChain is null"));
    }

    /** A roster of shifts in a zone, without covers, holidays or fallback. */
    public static Roster of(ZoneId zone, List<Shift> shifts) {
        return new Roster(zone, shifts, List.of(), Set.of(), List.of());
    }

    /** This roster with more covers. */
    public Roster withCovers(List<Cover> more) {
        List<Cover> all = new ArrayList<>(covers);
        all.addAll(more);
        return new Roster(zone, shifts, all, holidays, fallbackChain);
    }

    /** This roster with holidays. */
    public Roster withHolidays(Set<LocalDate> days) {
        return new Roster(zone, shifts, covers, days, fallbackChain);
    }

    /** This roster with a fallback chain. */
    public Roster withFallback(List<String> chain) {
        return new Roster(zone, shifts, covers, holidays, chain);
    }

    /** The contact ids on duty at an instant, in escalation order (primary first); empty if nobody is. */
    public List<String> onDuty(Instant instant) {
        requireNonNull(instant, "instant is null");
        List<String> chain = shiftAt(instant).map(Shift::chain).orElse(fallbackChain);
        LocalDate today = instant.atZone(zone).toLocalDate();
        List<String> result = new ArrayList<>(chain);
        for (Cover cover : covers) {
            if (!cover.covers(today)) {
                continue;
            }
            if (cover.coveredId().isPresent()) {
                String covered = cover.coveredId().get();
                result.replaceAll(id -> id.equals(covered) ? cover.coveringId() : id);
            } else {
                result.add(0, cover.coveringId());
            }
        }
        return List.copyOf(new LinkedHashSet<>(result));
    }

    /** The shift containing an instant, if any. */
    public Optional<Shift> shiftAt(Instant instant) {
        requireNonNull(instant, "instant is null");
        LocalDate today = instant.atZone(zone).toLocalDate();
        // a shift started today, then an overnight one started yesterday
        for (LocalDate day : List.of(today, today.minusDays(1))) {
            for (Shift shift : shifts) {
                if (!appliesOn(shift, day)) {
                    continue;
                }
                ZonedDateTime start = ZonedDateTime.of(day, shift.start(), zone);
                ZonedDateTime end = ZonedDateTime.of(
                        shift.end().isAfter(shift.start()) ? day : day.plusDays(1), shift.end(), zone);
                if (!instant.isBefore(start.toInstant()) && instant.isBefore(end.toInstant())) {
                    return Optional.of(shift);
                }
            }
        }
        return Optional.empty();
    }

    private boolean appliesOn(Shift shift, LocalDate day) {
        return holidays.contains(day) ? shift.onHolidays() : shift.days().contains(day.getDayOfWeek());
    }

    /** Structural problems: unknown contacts, empty chains, overlapping shifts (errors) and gaps (warnings). */
    List<SetupProblem> problems(Set<String> contactIds) {
        List<SetupProblem> out = new ArrayList<>();
        for (int i = 0; i < shifts.size(); i++) {
            Shift s = shifts.get(i);
            String where = "roster.shifts[" + i + "] '" + s.name() + "'";
            if (s.chain().isEmpty()) {
                out.add(error(where, "has an empty chain; list at least the primary contact"));
            }
            if (s.days().isEmpty() && !s.onHolidays()) {
                out.add(error(where, "applies on no day; set days or onHolidays"));
            }
            unknown(out, where + ".chain", s.chain(), contactIds);
        }
        for (int i = 0; i < covers.size(); i++) {
            Cover c = covers.get(i);
            String where = "roster.covers[" + i + "]";
            if (c.lastDay().isBefore(c.firstDay())) {
                out.add(error(where, "ends on " + c.lastDay() + " before it starts on " + c.firstDay()));
            }
            List<String> ids = new ArrayList<>();
            ids.add(c.coveringId());
            c.coveredId().ifPresent(ids::add);
            unknown(out, where, ids, contactIds);
        }
        unknown(out, "roster.fallbackChain", fallbackChain, contactIds);
        overlapsAndGaps(out);
        return out;
    }

    private void overlapsAndGaps(List<SetupProblem> out) {
        // minute-of-week owner for workday/weekend patterns; holidays checked as one day of their own
        int[] week = new int[WEEK];
        int[] holiday = new int[2 * DAY];
        Set<String> reported = new LinkedHashSet<>();
        for (int i = 0; i < shifts.size(); i++) {
            Shift s = shifts.get(i);
            int startMinute = s.start().toSecondOfDay() / 60;
            for (DayOfWeek d : new java.util.TreeSet<>(s.days())) {
                int base = (d.getValue() - 1) * DAY + startMinute;
                for (int m = 0; m < s.minutes(); m++) {
                    mark(week, (base + m) % WEEK, i, reported, out, "on " + d);
                }
            }
            if (s.onHolidays()) {
                for (int m = 0; m < s.minutes(); m++) {
                    mark(holiday, startMinute + m, i, reported, out, "on holidays");
                }
            }
        }
        if (!fallbackChain.isEmpty()) {
            return;
        }
        List<String> gaps = new ArrayList<>();
        int m = 0;
        while (m < WEEK) {
            if (week[m] != 0) {
                m++;
                continue;
            }
            int from = m;
            while (m < WEEK && week[m] == 0) {
                m++;
            }
            gaps.add(DayOfWeek.of(from / DAY + 1) + " " + clock(from % DAY) + "-"
                    + (m == WEEK ? "MONDAY 00:00" : DayOfWeek.of(m / DAY + 1) + " " + clock(m % DAY)));
        }
        if (!gaps.isEmpty()) {
            out.add(new SetupProblem(SetupProblem.Level.WARNING, "roster.shifts",
                    "nobody is on duty " + String.join(", ", gaps)
                            + "; pages then reach nobody. Add shifts or a fallback chain"));
        }
        if (!holidays.isEmpty()) {
            int covered = 0;
            for (int i = 0; i < DAY; i++) {
                if (holiday[i] != 0 || holiday[i + DAY] != 0) {
                    covered++;
                }
            }
            if (covered < DAY) {
                out.add(new SetupProblem(SetupProblem.Level.WARNING, "roster.holidays",
                        "holiday shifts cover " + covered + " of 1440 minutes of a holiday; pages then reach nobody."
                                + " Add shifts with onHolidays or a fallback chain"));
            }
        }
    }

    private void mark(int[] grid, int minute, int shift, Set<String> reported, List<SetupProblem> out, String when) {
        int owner = grid[minute];
        if (owner == 0) {
            grid[minute] = shift + 1;
            return;
        }
        int other = owner - 1;
        if (other != shift && reported.add(grid.length + ":" + other + "/" + shift)) {
            int m = minute % DAY;
            out.add(error("roster.shifts[" + shift + "] '" + shifts.get(shift).name() + "'",
                    "overlaps roster.shifts[" + other + "] '" + shifts.get(other).name() + "' " + when + " at "
                            + clock(m) + "; make one end where the other starts"));
        }
    }

    private static void unknown(List<SetupProblem> out, String where, List<String> ids, Set<String> known) {
        for (String id : ids) {
            if (!known.contains(id)) {
                out.add(error(where, "names unknown contact '" + id + "'; add it to the contacts or fix the id"));
            }
        }
    }

    private static SetupProblem error(String where, String message) {
        return new SetupProblem(SetupProblem.Level.ERROR, where, message);
    }

    private static String clock(int minuteOfDay) {
        return String.format(java.util.Locale.ROOT, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    }
}
