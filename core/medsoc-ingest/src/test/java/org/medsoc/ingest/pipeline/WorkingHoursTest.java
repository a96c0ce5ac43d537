package org.medsoc.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medsoc.common.Settings;
import org.medsoc.ingest.IngestErrorCode;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.TenantId;

class WorkingHoursTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static long at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant().toEpochMilli();
    }

    private static WorkingHours officeHours() {
        return WorkingHours.parse("Mon-Fri 08:00-18:00; Sat 08:00-12:00", Set.of(), Set.of(), SHANGHAI);
    }

    @Test
    void weekdaysAreInsideAndWeekendsOutside() {
        WorkingHours hours = officeHours();
        assertThat(hours.contains(at("2026-11-25T10:30", SHANGHAI))).isTrue(); // Wednesday
        assertThat(hours.contains(at("2026-11-27T17:59:59", SHANGHAI))).isTrue(); // Friday
        assertThat(hours.contains(at("2026-11-28T11:00", SHANGHAI))).isTrue(); // Saturday morning
        assertThat(hours.contains(at("2026-11-28T12:00", SHANGHAI))).isFalse(); // Saturday afternoon
        assertThat(hours.contains(at("2026-11-29T10:00", SHANGHAI))).isFalse(); // Sunday
        assertThat(hours.contains(at("2026-11-25T03:00", SHANGHAI))).isFalse(); // Wednesday night
    }

    @Test
    void startIsInclusiveAndEndExclusive() {
        WorkingHours hours = officeHours();
        assertThat(hours.contains(at("2026-11-25T08:00", SHANGHAI))).isTrue();
        assertThat(hours.contains(at("2026-11-25T08:00", SHANGHAI) - 1)).isFalse();
        assertThat(hours.contains(at("2026-11-25T18:00", SHANGHAI) - 1)).isTrue();
        assertThat(hours.contains(at("2026-11-25T18:00", SHANGHAI))).isFalse();
    }

    @Test
    void holidaysHaveNoHoursAndMakeUpWorkingDaysFollowMonday() {
        WorkingHours hours = WorkingHours.fromSettings(Settings.of(Map.of(
                WorkingHours.HOLIDAYS_KEY, "2026-10-01..2026-10-07, 2026-12-25",
                WorkingHours.WORKDAYS_KEY, "2026-10-10")), SHANGHAI);
        assertThat(hours.contains(at("2026-10-01T10:00", SHANGHAI))).isFalse(); // Thursday, National Day
        assertThat(hours.contains(at("2026-10-07T10:00", SHANGHAI))).isFalse(); // last day of the range
        assertThat(hours.contains(at("2026-10-08T10:00", SHANGHAI))).isTrue(); // back to work
        assertThat(hours.contains(at("2026-12-25T10:00", SHANGHAI))).isFalse();
        assertThat(hours.contains(at("2026-10-10T10:00", SHANGHAI))).isTrue(); // Saturday worked by decree
        assertThat(hours.contains(at("2026-10-10T19:00", SHANGHAI))).isFalse();
        assertThat(hours.contains(at("2026-10-11T10:00", SHANGHAI))).isFalse(); // the Sunday after is not
    }

    @Test
    void defaultsToWeekdayOfficeHours() {
        WorkingHours hours = WorkingHours.fromSettings(Settings.empty(), SHANGHAI);
        assertThat(hours.contains(at("2026-11-25T09:00", SHANGHAI))).isTrue();
        assertThat(hours.contains(at("2026-11-28T09:00", SHANGHAI))).isFalse(); // Saturday
        assertThat(hours.contains(at("2026-11-25T18:30", SHANGHAI))).isFalse();
    }

    @Test
    void hoursAreLocalToTheConfiguredZone() {
        WorkingHours shanghai = officeHours();
        WorkingHours utc = WorkingHours.parse("Mon-Fri 08:00-18:00; Sat 08:00-12:00", Set.of(), Set.of(),
                ZoneId.of("UTC"));
        long instant = at("2026-11-25T09:00", SHANGHAI); // 01:00 UTC
        assertThat(shanghai.contains(instant)).isTrue();
        assertThat(utc.contains(instant)).isFalse();
        long evening = at("2026-11-25T20:00", SHANGHAI); // 12:00 UTC
        assertThat(shanghai.contains(evening)).isFalse();
        assertThat(utc.contains(evening)).isTrue();
    }

    @Test
    void periodsEndingBeforeTheyStartCrossMidnightAndBelongToTheirStartDay() {
        WorkingHours window = WorkingHours.parse("Sat 22:00-02:00", Set.of(), Set.of(), SHANGHAI);
        assertThat(window.contains(at("2026-11-28T21:59", SHANGHAI))).isFalse();
        assertThat(window.contains(at("2026-11-28T22:00", SHANGHAI))).isTrue();
        assertThat(window.contains(at("2026-11-29T01:59:59", SHANGHAI))).isTrue(); // Sunday, still Saturday's window
        assertThat(window.contains(at("2026-11-29T02:00", SHANGHAI))).isFalse();
        assertThat(window.contains(at("2026-11-29T22:30", SHANGHAI))).isFalse(); // Sunday evening
        assertThat(window.contains(at("2026-11-28T01:00", SHANGHAI))).isFalse(); // Friday night into Saturday

        WorkingHours beforeHoliday = WorkingHours.parse("Wed 22:00-02:00", Set.of(LocalDate.parse("2026-10-01")),
                Set.of(), SHANGHAI);
        assertThat(beforeHoliday.contains(at("2026-10-01T01:00", SHANGHAI))).isTrue(); // started on Wednesday
    }

    @Test
    void dayRangesWrapAroundTheWeekAndListsCombine() {
        WorkingHours weekend = WorkingHours.parse("Fri-Mon 00:00-24:00", Set.of(), Set.of(), SHANGHAI);
        assertThat(weekend.contains(at("2026-11-27T12:00", SHANGHAI))).isTrue(); // Friday
        assertThat(weekend.contains(at("2026-11-30T23:59", SHANGHAI))).isTrue(); // Monday
        assertThat(weekend.contains(at("2026-11-25T12:00", SHANGHAI))).isFalse(); // Wednesday
        WorkingHours clinics = WorkingHours.parse("mon, WED,Fri 13:30-17:00", Set.of(), Set.of(), SHANGHAI);
        assertThat(clinics.contains(at("2026-11-25T14:00", SHANGHAI))).isTrue();
        assertThat(clinics.contains(at("2026-11-26T14:00", SHANGHAI))).isFalse(); // Thursday
    }

    @Test
    void daylightSavingDaysKeepLocalHours() {
        WorkingHours hours = WorkingHours.parse("Sun 01:00-04:00; Mon-Sun 08:00-09:00", Set.of(), Set.of(), BERLIN);
        // 2026-03-29: clocks go from 02:00 to 03:00 in Berlin (a 23-hour day)
        assertThat(hours.contains(at("2026-03-29T03:30", BERLIN))).isTrue();
        assertThat(hours.contains(at("2026-03-29T04:00", BERLIN))).isFalse();
        assertThat(hours.contains(at("2026-03-29T08:15", BERLIN))).isTrue();
        assertThat(hours.contains(at("2026-03-29T09:00", BERLIN))).isFalse();
        // 2026-10-25: 03:00 back to 02:00 (a 25-hour day)
        assertThat(hours.contains(at("2026-10-25T08:59", BERLIN))).isTrue();
        assertThat(hours.contains(at("2026-10-25T07:59", BERLIN))).isFalse();
        // the day after, served from the cached day bounds
        assertThat(hours.contains(at("2026-10-26T08:30", BERLIN))).isTrue();
        assertThat(hours.contains(at("2026-10-26T07:30", BERLIN))).isFalse();
    }

    @Test
    void answersTheSameForInstantsInAnyOrder() {
        WorkingHours hours = officeHours();
        WorkingHours fresh = officeHours();
        long start = at("2026-11-20T00:00", SHANGHAI);
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            long t = start + random.nextLong(21L * 86_400_000L);
            LocalDateTime local = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(t), SHANGHAI);
            int minute = local.getHour() * 60 + local.getMinute();
            boolean expected = switch (local.getDayOfWeek()) {
                case MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY -> minute >= 480 && minute < 1080;
                case SATURDAY -> minute >= 480 && minute < 720;
                case SUNDAY -> false;
            };
            assertThat(hours.contains(t)).as("%s", local).isEqualTo(expected);
            if (i % 1000 == 0) {
                assertThat(fresh.contains(t)).isEqualTo(expected);
            }
        }
    }

    @Test
    void stampsOffHoursAndMaintenanceWindowOnEvents() {
        WorkingHours hours = officeHours();
        Event night = new Event(TenantId.DEFAULT, at("2026-11-25T02:13", SHANGHAI), "");
        hours.stampOffHours(night);
        assertThat(night.value(WorkingHours.OFF_HOURS)).isEqualTo("true");
        night.timestamp(at("2026-11-25T10:00", SHANGHAI));
        hours.stampOffHours(night);
        assertThat(night.values(WorkingHours.OFF_HOURS)).containsExactly("false");

        WorkingHours window = WorkingHours.maintenanceWindow(
                Settings.of(Map.of(WorkingHours.MAINTENANCE_KEY, "Sat 22:00-02:00")), SHANGHAI).orElseThrow();
        Event vendor = new Event(TenantId.DEFAULT, at("2026-11-29T00:30", SHANGHAI), "");
        window.stampMaintenanceWindow(vendor);
        assertThat(vendor.value(WorkingHours.MAINTENANCE_WINDOW)).isEqualTo("true");
        vendor.timestamp(at("2026-11-25T00:30", SHANGHAI));
        window.stampMaintenanceWindow(vendor);
        assertThat(vendor.values(WorkingHours.MAINTENANCE_WINDOW)).containsExactly("false");
        Event late = new Event(TenantId.DEFAULT, at("2026-11-25T22:00", SHANGHAI), "");
        hours.offHoursEnricher().enrich(late);
        window.maintenanceWindowEnricher().enrich(late);
        assertThat(late.value(WorkingHours.OFF_HOURS)).isEqualTo("true");
        assertThat(late.value(WorkingHours.MAINTENANCE_WINDOW)).isEqualTo("false");
        assertThat(WorkingHours.OFF_HOURS.name()).isEqualTo("medsoc.off_hours");
        assertThat(WorkingHours.MAINTENANCE_WINDOW.name()).isEqualTo("medsoc.maintenance_window");
    }

    @Test
    void noMaintenanceWindowUnlessConfigured() {
        assertThat(WorkingHours.maintenanceWindow(Settings.empty(), SHANGHAI)).isEmpty();
        assertThat(WorkingHours.maintenanceWindow(Settings.of(Map.of(WorkingHours.MAINTENANCE_KEY, " ")), SHANGHAI))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mon-Fri", "08:00-18:00", "Mon-Fri 8-18", "Mon-Fri 08:00-08:00", "Mom-Fri 08:00-18:00",
        "Mon-Fri 08:00-25:00", "Mon-Fri 08:60-18:00", "Mon-Fri 08:00-18:00;", "Mon-Fri 24:00-18:00",
        "Mon-Fri 08:00 18:00"})
    void rejectsMalformedHoursNamingTheKeyAndTheExpectedForm(String hours) {
        Settings settings = Settings.of(Map.of(WorkingHours.HOURS_KEY, hours));
        assertThatThrownBy(() -> WorkingHours.fromSettings(settings, SHANGHAI))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(IngestErrorCode.INVALID_WORKING_HOURS.toErrorCode()))
                .hasMessageContaining(WorkingHours.HOURS_KEY)
                .hasMessageContaining("Mon-Fri 08:00-18:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "2026-10-01..", "2026-10-07..2026-10-01", "2026-01-01..2027-06-01", "10/01"})
    void rejectsMalformedHolidays(String holidays) {
        Settings settings = Settings.of(Map.of(WorkingHours.HOLIDAYS_KEY, holidays));
        assertThatThrownBy(() -> WorkingHours.fromSettings(settings, SHANGHAI))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining(WorkingHours.HOLIDAYS_KEY)
                .hasMessageContaining(holidays.contains("..") ? "range" : "ISO date");
    }
}
