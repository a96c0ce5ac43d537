package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.medsoc.notify.Severity;

/**
 * A nightly window (for example 23:00 to 07:00 in the tenant's zone) in which only pages of {@code minimumToPage} or
 * higher are sent, and only on {@code channels} (phone, SMS). Notifications of lower severity falling in the window
 * are held until it ends: never dropped, and the hold's deadline is the end of the window. A window whose end is
 * not after its start runs past midnight.
 *
 * @param start local start (inclusive)
 * @param end local end (exclusive)
 * @param minimumToPage the lowest severity still sent during quiet hours
 * @param channels the notifier channels used during quiet hours; a contact with none of them is reached on the
 *     level's usual channels instead
 */
public record QuietHours(LocalTime start, LocalTime end, Severity minimumToPage, List<String> channels) {
    /** Validates and copies the values. */
    public QuietHours {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(minimumToPage, "minimumToPage is null");
        channels = List.copyOf(requireNonNull(channels, "channels is null"));
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours start and end are both " + start + "; use no quiet hours");
        }
    }

    /** Whether a local time falls in the window. */
    public boolean contains(LocalTime time) {
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    /** Whether an instant falls in the window in a zone. */
    public boolean contains(Instant instant, ZoneId zone) {
        return contains(instant.atZone(zone).toLocalTime());
    }

    /** The end of the window containing {@code instant} (the first instant after it at local time {@code end}). */
    public Instant endAfter(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        LocalDate day = local.toLocalDate();
        ZonedDateTime candidate = ZonedDateTime.of(day, end, zone);
        if (!candidate.toInstant().isAfter(instant)) {
            candidate = ZonedDateTime.of(day.plusDays(1), end, zone);
        }
        return candidate.toInstant();
    }

    /** Whether a severity is paged during quiet hours. */
    public boolean pagesThrough(Severity severity) {
        return severity.compareTo(minimumToPage) >= 0;
    }
}
