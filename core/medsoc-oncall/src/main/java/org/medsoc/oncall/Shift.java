package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of a roster's weekly pattern: on the given days, from {@code start} to {@code end} in the tenant's time
 * zone, the contacts of {@code chain} are on duty in escalation order (primary, secondary, manager, …). A shift whose
 * end is not after its start runs past midnight into the next day; it belongs to the day it starts on. On a roster
 * holiday only shifts with {@code onHolidays} apply, whatever the weekday.
 *
 * @param name a label for messages ("weekday day", "night")
 * @param days the weekdays the shift starts on
 * @param onHolidays whether the shift applies on the roster's holidays
 * @param start the local start time (inclusive)
 * @param end the local end time (exclusive); equal to {@code start} means 24 hours
 * @param chain contact ids in escalation order, primary first
 */
public record Shift(String name, Set<DayOfWeek> days, boolean onHolidays, LocalTime start, LocalTime end,
        List<String> chain) {
    /** Every day of the week. */
    public static final Set<DayOfWeek> EVERY_DAY = Set.copyOf(EnumSet.allOf(DayOfWeek.class));
    /** Monday to Friday. */
    public static final Set<DayOfWeek> WORKDAYS = Set.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    /** Saturday and Sunday. */
    public static final Set<DayOfWeek> WEEKEND = Set.copyOf(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));

    /** Validates and copies the values. */
    public Shift {
        requireNonNull(name, "name is null");
        days = Set.copyOf(requireNonNull(days, "days is null"));
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        chain = List.copyOf(requireNonNull(chain, "chain is null"));
    }

    /** The shift's length in minutes (1 to 1440). */
    public int minutes() {
        int s = start.toSecondOfDay() / 60;
        int e = end.toSecondOfDay() / 60;
        return e > s ? e - s : e - s + 24 * 60;
    }
}
