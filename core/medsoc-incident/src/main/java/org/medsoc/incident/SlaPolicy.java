package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;
import org.medsoc.spi.error.MedsocException;

/**
 * The service-level targets of one tenant: per severity, how soon the first response must come and by when the
 * incident must be resolved, in the tenant's time zone; plus the special-protection mode (重保) that tightens every
 * target by a factor during declared protection periods.
 *
 * <p>Defaults ({@link #defaults(ZoneId)}): first response within 30 minutes; resolution by the end of the local
 * calendar day the incident was opened (23:59:59.999), except that an incident opened at or after 20:00 local is due
 * by 12:00 the next day, so that a late alert still gets a working morning. Special protection factor 0.5.
 *
 * <p>With special protection on, every target is multiplied by the factor: the response window directly, the
 * resolution window as the time from the start to the normal deadline (so an end-of-day target opened at 10:00
 * is due at 17:00 instead of 24:00 with factor 0.5).
 *
 * @param zone the tenant's time zone (decides "the same day")
 * @param targets the targets per severity; every severity must be present
 * @param specialProtection whether special-protection mode is on
 * @param specialProtectionFactor the factor in (0, 1] applied when special protection is on
 */
public record SlaPolicy(
        ZoneId zone, Map<Severity, Targets> targets, boolean specialProtection, double specialProtectionFactor) {

    /** Share of the window left under which a target counts as at risk. */
    public static final double AT_RISK_SHARE = 0.2;

    /** Validates and copies the values. */
    public SlaPolicy {
        requireNonNull(zone, "zone is null");
        targets = Map.copyOf(targets);
        for (Severity s : Severity.values()) {
            if (!targets.containsKey(s)) {
                throw new MedsocException(IncidentErrorCode.INVALID_POLICY,
                        "SLA policy has no targets for severity " + s.label() + "; give targets for every severity");
            }
        }
        if (!(specialProtectionFactor > 0 && specialProtectionFactor <= 1)) {
            throw new MedsocException(IncidentErrorCode.INVALID_POLICY,
                    "special-protection factor must be in (0, 1], was " + specialProtectionFactor);
        }
    }

    /**
     * The targets for one severity.
     *
     * @param response how soon after opening the first response is due (1 minute to 7 days)
     * @param resolution when resolution is due
     */
    public record Targets(Duration response, ResolutionTarget resolution) {
        /** Validates the values. */
        public Targets {
            requireNonNull(response, "response is null");
            requireNonNull(resolution, "resolution is null");
            if (response.compareTo(Duration.ofMinutes(1)) < 0 || response.compareTo(Duration.ofDays(7)) > 0) {
                throw new MedsocException(IncidentErrorCode.INVALID_POLICY,
                        "response target must be between 1 minute and 7 days, was " + response);
            }
        }
    }

    /** When resolution is due. */
    public sealed interface ResolutionTarget permits EndOfDay, Within {}

    /**
     * Due by the end of the local calendar day the clock started (23:59:59.999), or, when started at or after
     * {@code lateAfter}, by {@code nextDayBy} on the next day. Use {@link #strict()} for "same day, no exception".
     *
     * @param lateAfter local time from which the next-day deadline applies
     * @param nextDayBy local time on the next day by which late incidents are due
     */
    public record EndOfDay(LocalTime lateAfter, LocalTime nextDayBy) implements ResolutionTarget {
        /** Validates the values. */
        public EndOfDay {
            requireNonNull(lateAfter, "lateAfter is null");
            requireNonNull(nextDayBy, "nextDayBy is null");
        }

        /** Same day, however late the incident was opened. */
        public static EndOfDay strict() {
            return new EndOfDay(LocalTime.MAX, LocalTime.NOON);
        }
    }

    /**
     * Due a fixed duration after the clock started (1 minute to 90 days).
     *
     * @param duration the resolution window
     */
    public record Within(Duration duration) implements ResolutionTarget {
        /** Validates the value. */
        public Within {
            requireNonNull(duration, "duration is null");
            if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(Duration.ofDays(90)) > 0) {
                throw new MedsocException(IncidentErrorCode.INVALID_POLICY,
                        "resolution window must be between 1 minute and 90 days, was " + duration);
            }
        }
    }

    /** The local time from which the default end-of-day rule moves the deadline to the next day. */
    public static final LocalTime DEFAULT_LATE_AFTER = LocalTime.of(20, 0);

    /** The default next-day deadline of late incidents. */
    public static final LocalTime DEFAULT_NEXT_DAY_BY = LocalTime.NOON;

    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59, 999_000_000);

    /** 30 minutes to respond, same-day resolution with the 20:00 → next 12:00 rule, special protection off (×0.5). */
    public static SlaPolicy defaults(ZoneId zone) {
        Targets t = new Targets(Duration.ofMinutes(30), new EndOfDay(DEFAULT_LATE_AFTER, DEFAULT_NEXT_DAY_BY));
        Map<Severity, Targets> m = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            m.put(s, t);
        }
        return new SlaPolicy(zone, m, false, 0.5);
    }

    /** This policy with other targets for one severity. */
    public SlaPolicy withTargets(Severity severity, Targets t) {
        Map<Severity, Targets> m = new EnumMap<>(targets);
        m.put(requireNonNull(severity, "severity is null"), requireNonNull(t, "targets is null"));
        return new SlaPolicy(zone, m, specialProtection, specialProtectionFactor);
    }

    /** This policy with special protection switched on or off. */
    public SlaPolicy withSpecialProtection(boolean on) {
        return new SlaPolicy(zone, targets, on, specialProtectionFactor);
    }

    /** This policy with another special-protection factor. */
    public SlaPolicy withSpecialProtectionFactor(double factor) {
        return new SlaPolicy(zone, targets, specialProtection, factor);
    }

    /** When the first response to an incident of this severity opened at {@code start} is due. */
    public Instant responseDue(Severity severity, Instant start) {
        return tighten(start, start.plus(targets.get(severity).response()));
    }

    /** When an incident of this severity whose resolution clock started at {@code start} must be resolved. */
    public Instant resolutionDue(Severity severity, Instant start) {
        Instant base = switch (targets.get(severity).resolution()) {
            case Within w -> start.plus(w.duration());
            case EndOfDay e -> {
                ZonedDateTime local = start.atZone(zone);
                LocalDate day = local.toLocalDate();
                yield !local.toLocalTime().isBefore(e.lateAfter())
                        ? ZonedDateTime.of(day.plusDays(1), e.nextDayBy(), zone).toInstant()
                        : ZonedDateTime.of(day, END_OF_DAY, zone).toInstant();
            }
        };
        return tighten(start, base);
    }

    private Instant tighten(Instant start, Instant due) {
        if (!specialProtection) {
            return due;
        }
        long millis = Duration.between(start, due).toMillis();
        return start.plusMillis(Math.max(60_000L, Math.round(millis * specialProtectionFactor)));
    }
}
