package org.medsoc.ingest.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.medsoc.common.Settings;
import org.medsoc.ingest.IngestErrorCode;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * A weekly schedule of a hospital's hours in one time zone — the working hours of its offices, or an agreed
 * maintenance window — minus public holidays, plus make-up working days; stamps on events whether they happened
 * inside it ({@code medsoc.off_hours}, {@code medsoc.maintenance_window}), for rules such as "privileged HIS access
 * outside working hours".
 *
 * <p>Schedule form: periods separated by {@code ;}, each {@code <days> <HH:mm>-<HH:mm>}, where days are three-letter
 * English names, ranges and comma lists ({@code Mon-Fri}, {@code Sat,Sun}, {@code Fri-Mon}), for example
 * {@code Mon-Fri 08:00-18:00; Sat 08:00-12:00}. The start is inclusive and the end exclusive; {@code 24:00} ends at
 * midnight, and an end before the start crosses midnight ({@code Sat 22:00-02:00} runs into Sunday and belongs to
 * Saturday). Holidays ({@code 2026-10-01}, or ranges {@code 2026-10-01..2026-10-07}) have no hours; a period that
 * starts the evening before a holiday still runs past midnight. Make-up working days (调休: a weekend date declared a
 * working day) follow Monday's hours. Immutable and thread-safe.
 */
public final class WorkingHours {
    /* Hot path: contains() is called once per event. The bounds of the last local day seen are cached (an immutable
       record in a volatile field), so events of the same day cost two comparisons and a division, no allocation.
       Days with a UTC-offset change (DST) are never cached: their minute of day comes from java.time. */

    /** Configuration key of the working hours. */
    public static final String HOURS_KEY = "detect.working-hours";
    /** Configuration key of the public holidays: comma-separated ISO dates or {@code from..to} ranges. */
    public static final String HOLIDAYS_KEY = "detect.holidays";
    /** Configuration key of the make-up working days (weekend dates that are working days). */
    public static final String WORKDAYS_KEY = "detect.extra-working-days";
    /** Configuration key of the maintenance window (no holidays apply to it). */
    public static final String MAINTENANCE_KEY = "detect.maintenance-window";
    /** Working hours when none are configured. */
    public static final String DEFAULT_HOURS = "Mon-Fri 08:00-18:00";

    /** {@code "true"} when an event happened outside the working hours (or on a holiday), else {@code "false"}. */
    public static final Field OFF_HOURS = Fields.declare("medsoc.off_hours", FieldType.KEYWORD);
    /** {@code "true"} when an event happened inside the maintenance window, else {@code "false"}. */
    public static final Field MAINTENANCE_WINDOW = Fields.declare("medsoc.maintenance_window", FieldType.KEYWORD);

    private static final long DAY_MILLIS = 86_400_000L;
    private static final int DAY_MINUTES = 1_440;
    private static final String[] DAY_NAMES = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    /** One period: on these days from {@code start} (minute of day, inclusive) for {@code length} minutes. */
    private record Period(Set<DayOfWeek> days, int start, int length) {}

    /** A local day and, when its offset is constant, its bounds in epoch millis. */
    private record Day(LocalDate date, long start, long end) {}

    private final String spec;
    private final List<Period> periods;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> extraWorkingDays;
    private final ZoneId zone;
    private volatile @Nullable Day cached;

    private WorkingHours(String spec, List<Period> periods, Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays,
            ZoneId zone) {
        this.spec = spec;
        this.periods = List.copyOf(periods);
        this.holidays = Set.copyOf(holidays);
        this.extraWorkingDays = Set.copyOf(extraWorkingDays);
        this.zone = zone;
    }

    /**
     * A schedule from its text form (see the class description).
     *
     * @param hours periods such as {@code Mon-Fri 08:00-18:00; Sat 08:00-12:00}
     * @param holidays dates without hours
     * @param extraWorkingDays dates that follow Monday's hours whatever their weekday
     * @param zone the zone the hours are local to (the node's zone)
     * @throws MedsocException with {@link IngestErrorCode#INVALID_WORKING_HOURS} naming what is wrong
     */
    public static WorkingHours parse(String hours, Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays,
            ZoneId zone) {
        requireNonNull(hours, "hours is null");
        requireNonNull(holidays, "holidays is null");
        requireNonNull(extraWorkingDays, "extraWorkingDays is null");
        requireNonNull(zone, "zone is null");
        return new WorkingHours(hours.strip(), periods(hours, "working hours"), holidays, extraWorkingDays, zone);
    }

    /**
     * The working hours of {@code detect.working-hours} (default {@value #DEFAULT_HOURS}), {@code detect.holidays}
     * and {@code detect.extra-working-days} in {@code zone}.
     *
     * @throws MedsocException with {@link IngestErrorCode#INVALID_WORKING_HOURS} naming the key and the expected form
     */
    public static WorkingHours fromSettings(Settings settings, ZoneId zone) {
        requireNonNull(settings, "settings is null");
        requireNonNull(zone, "zone is null");
        String hours = settings.string(HOURS_KEY, DEFAULT_HOURS);
        return new WorkingHours(hours.strip(), periods(hours, HOURS_KEY),
                dates(settings.string(HOLIDAYS_KEY, ""), HOLIDAYS_KEY),
                dates(settings.string(WORKDAYS_KEY, ""), WORKDAYS_KEY), zone);
    }

    /**
     * The maintenance window of {@code detect.maintenance-window} in {@code zone} (holidays do not apply), or empty
     * when the key is absent or blank.
     *
     * @throws MedsocException with {@link IngestErrorCode#INVALID_WORKING_HOURS} naming the key and the expected form
     */
    public static Optional<WorkingHours> maintenanceWindow(Settings settings, ZoneId zone) {
        requireNonNull(settings, "settings is null");
        requireNonNull(zone, "zone is null");
        String window = settings.string(MAINTENANCE_KEY, "").strip();
        if (window.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WorkingHours(window, periods(window, MAINTENANCE_KEY), Set.of(), Set.of(), zone));
    }

    /** Whether the instant lies inside the schedule. */
    public boolean contains(long epochMillis) {
        Day day = cached;
        if (day == null || epochMillis < day.start() || epochMillis >= day.end()) {
            day = day(epochMillis);
            if (day == null) {
                ZonedDateTime local = Instant.ofEpochMilli(epochMillis).atZone(zone);
                return contains(local.toLocalDate(), local.getHour() * 60 + local.getMinute());
            }
            cached = day;
        }
        return contains(day.date(), (int) ((epochMillis - day.start()) / 60_000L));
    }

    /** Sets {@link #OFF_HOURS} of the event from its timestamp: {@code "true"} when outside this schedule. */
    public void stampOffHours(Event event) {
        event.put(OFF_HOURS, contains(event.timestamp()) ? "false" : "true");
    }

    /** Sets {@link #MAINTENANCE_WINDOW} of the event from its timestamp: {@code "true"} when inside this schedule. */
    public void stampMaintenanceWindow(Event event) {
        event.put(MAINTENANCE_WINDOW, contains(event.timestamp()) ? "true" : "false");
    }

    /** This schedule as a pipeline enricher that stamps {@link #OFF_HOURS} (for the working hours). */
    public EventEnricher offHoursEnricher() {
        return this::stampOffHours;
    }

    /** This schedule as a pipeline enricher that stamps {@link #MAINTENANCE_WINDOW} (for a maintenance window). */
    public EventEnricher maintenanceWindowEnricher() {
        return this::stampMaintenanceWindow;
    }

    /** The zone the hours are local to. */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "WorkingHours[" + spec + " in " + zone + ", " + holidays.size() + " holidays, "
                + extraWorkingDays.size() + " extra working days]";
    }

    private boolean contains(LocalDate date, int minute) {
        return startedOn(date, minute) || startedOn(date.minusDays(1), minute + DAY_MINUTES);
    }

    /** Whether a period that started on {@code date} covers {@code minute} (counted from that day's midnight). */
    private boolean startedOn(LocalDate date, int minute) {
        if (holidays.contains(date)) {
            return false;
        }
        DayOfWeek weekday = extraWorkingDays.contains(date) ? DayOfWeek.MONDAY : date.getDayOfWeek();
        for (Period p : periods) {
            if (minute >= p.start() && minute < p.start() + p.length() && p.days().contains(weekday)) {
                return true;
            }
        }
        return false;
    }

    /** The local day of an instant with its bounds, or null when the offset changes during that day. */
    private @Nullable Day day(long epochMillis) {
        LocalDate date = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        long start = date.atStartOfDay(zone).toInstant().toEpochMilli();
        long end = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return end - start == DAY_MILLIS ? new Day(date, start, end) : null;
    }

    private static List<Period> periods(String text, String what) {
        List<Period> out = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw invalid(what, text, "has an empty period");
            }
            int space = p.lastIndexOf(' ');
            if (space < 0) {
                throw invalid(what, text, "period '" + p + "' has no time range");
            }
            Set<DayOfWeek> days = days(p.substring(0, space).strip(), what, text);
            String range = p.substring(space + 1);
            int dash = range.indexOf('-');
            if (dash < 0) {
                throw invalid(what, text, "time range '" + range + "' is not HH:mm-HH:mm");
            }
            int start = minute(range.substring(0, dash), false, what, text);
            int end = minute(range.substring(dash + 1), true, what, text);
            if (start == end) {
                throw invalid(what, text, "time range '" + range + "' is empty");
            }
            out.add(new Period(days, start, end > start ? end - start : end + DAY_MINUTES - start));
        }
        return out;
    }

    private static Set<DayOfWeek> days(String text, String what, String whole) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : text.split(",", -1)) {
            String s = item.strip();
            int dash = s.indexOf('-');
            DayOfWeek from = day(dash < 0 ? s : s.substring(0, dash).strip(), what, whole);
            DayOfWeek to = dash < 0 ? from : day(s.substring(dash + 1).strip(), what, whole);
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                days.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String name, String what, String whole) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < DAY_NAMES.length; i++) {
            if (n.equals(DAY_NAMES[i])) {
                return DayOfWeek.of(i + 1);
            }
        }
        throw invalid(what, whole, "'" + name + "' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun");
    }

    private static int minute(String time, boolean end, String what, String whole) {
        String t = time.strip();
        int colon = t.indexOf(':');
        if (colon < 1 || colon != t.length() - 3) {
            throw invalid(what, whole, "'" + time + "' is not a time HH:mm");
        }
        int hour;
        int minute;
        try {
            hour = Integer.parseInt(t.substring(0, colon));
            minute = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(what, whole, "'" + time + "' is not a time HH:mm");
        }
        if (end && hour == 24 && minute == 0) {
            return DAY_MINUTES;
        }
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            throw invalid(what, whole,
                    "'" + time + "' is not a time between 00:00 and 23:59" + (end ? " (or 24:00)" : ""));
        }
        return hour * 60 + minute;
    }

    private static Set<LocalDate> dates(String text, String key) {
        Set<LocalDate> out = new HashSet<>();
        if (text.isBlank()) {
            return out;
        }
        for (String item : text.split(",", -1)) {
            String s = item.strip();
            int dots = s.indexOf("..");
            try {
                if (dots < 0) {
                    out.add(LocalDate.parse(s));
                    continue;
                }
                LocalDate from = LocalDate.parse(s.substring(0, dots).strip());
                LocalDate to = LocalDate.parse(s.substring(dots + 2).strip());
                if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
                    throw new MedsocException(IngestErrorCode.INVALID_WORKING_HOURS, "configuration key '" + key
                            + "' has range '" + s + "' that is reversed or longer than a year");
                }
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    out.add(d);
                }
            } catch (DateTimeException e) {
                throw new MedsocException(IngestErrorCode.INVALID_WORKING_HOURS, "configuration key '" + key
                        + "' has '" + s + "', which is not an ISO date (2026-10-01) or a range"
                        + " (2026-10-01..2026-10-07)",
                        e);
            }
        }
        return out;
    }

    private static MedsocException invalid(String what, String text, String problem) {
        return new MedsocException(IngestErrorCode.INVALID_WORKING_HOURS, what + " '" + text + "': " + problem
                + "; expected periods such as 'Mon-Fri 08:00-18:00; Sat 08:00-12:00'");
    }
}
