package org.medsoc.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.oncall.Setups.A;
import static org.medsoc.oncall.Setups.LI;
import static org.medsoc.oncall.Setups.SHANGHAI;
import static org.medsoc.oncall.Setups.WANG;
import static org.medsoc.oncall.Setups.ZHANG;
import static org.medsoc.oncall.Setups.shanghai;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medsoc.notify.Language;
import org.medsoc.spi.error.MedsocException;

class RosterTest {
    private static final EscalationPolicy PRIMARY_ONLY = new EscalationPolicy(
            List.of(EscalationLevel.of(1, java.time.Duration.ZERO)), java.time.Duration.ofMinutes(15), 0);

    private final Roster roster = Setups.roster();

    @Test
    void resolvesShiftBoundariesInShanghaiTime() {
        // Wednesday 2026-11-25; 08:30 Shanghai is 00:30 UTC
        assertThat(roster.onDuty(shanghai("2026-11-25T08:29:59"))).containsExactly("zhang.min", "li.wei", "wang.fang");
        assertThat(roster.onDuty(shanghai("2026-11-25T08:30:00"))).containsExactly("li.wei", "zhang.min", "wang.fang");
        assertThat(roster.onDuty(shanghai("2026-11-25T17:29:59"))).containsExactly("li.wei", "zhang.min", "wang.fang");
        assertThat(roster.onDuty(shanghai("2026-11-25T17:30:00"))).containsExactly("zhang.min", "li.wei", "wang.fang");
        assertThat(roster.shiftAt(shanghai("2026-11-25T08:30:00")).orElseThrow().name()).isEqualTo("workday day");
    }

    @Test
    void overnightShiftBelongsToTheDayItStarts() {
        // Saturday 02:00 is Friday's night shift; Saturday 10:00 the weekend day shift
        assertThat(roster.shiftAt(shanghai("2026-11-28T02:00:00")).orElseThrow().name()).isEqualTo("night");
        assertThat(roster.shiftAt(shanghai("2026-11-28T10:00:00")).orElseThrow().name()).isEqualTo("weekend day");
        // the same UTC instant is Wednesday day time in Shanghai, not night
        assertThat(roster.shiftAt(java.time.Instant.parse("2026-11-25T02:00:00Z")).orElseThrow().name())
                .isEqualTo("workday day");
    }

    @Test
    void coverReplacesAPersonForADateRange() {
        Roster covered = roster.withCovers(List.of(Cover.replacing("li.wei", "wang.fang",
                LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 26))));
        assertThat(covered.onDuty(shanghai("2026-11-24T10:00:00"))).containsExactly("li.wei", "zhang.min", "wang.fang");
        // Wang takes Li's place and is not listed twice
        assertThat(covered.onDuty(shanghai("2026-11-25T10:00:00"))).containsExactly("wang.fang", "zhang.min");
        assertThat(covered.onDuty(shanghai("2026-11-26T23:59:00"))).containsExactly("zhang.min", "wang.fang");
        assertThat(covered.onDuty(shanghai("2026-11-27T00:00:00"))).containsExactly("zhang.min", "li.wei", "wang.fang");
    }

    @Test
    void primaryCoverPushesTheChainDown() {
        Roster covered = roster.withCovers(List.of(
                Cover.primary("wang.fang", LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 25))));
        assertThat(covered.onDuty(shanghai("2026-11-25T10:00:00"))).containsExactly("wang.fang", "li.wei", "zhang.min");
    }

    @Test
    void holidaysUseHolidayShiftsOnly() {
        // 2026-10-01 (National Day) is a Thursday: the weekend day shift applies because it runs on holidays
        Roster withHoliday = roster.withHolidays(Set.of(LocalDate.of(2026, 10, 1)));
        assertThat(withHoliday.onDuty(shanghai("2026-10-01T10:00:00"))).startsWith("zhang.min");
        assertThat(withHoliday.onDuty(shanghai("2026-10-02T10:00:00"))).startsWith("li.wei");
    }

    @Test
    void gapsAreWarningsAndFallbackFillsThem() {
        Roster dayOnly = Roster.of(SHANGHAI, List.of(new Shift("day", Shift.WORKDAYS, false,
                LocalTime.of(8, 30), LocalTime.of(17, 30), List.of("li.wei"))));
        OnCallDirectory directory = OnCallDirectory.create(Setups.CHANNELS);
        List<SetupProblem> problems = directory.register(TenantOnCall.builder(A, dayOnly).contacts(LI).defaultPolicy(PRIMARY_ONLY).build());
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.level()).isEqualTo(SetupProblem.Level.WARNING);
            assertThat(p.message()).contains("MONDAY 17:30-TUESDAY 08:30").contains("FRIDAY 17:30-MONDAY 00:00")
                    .contains("MONDAY 00:00-MONDAY 08:30");
        });
        assertThat(dayOnly.onDuty(shanghai("2026-11-25T20:00:00"))).isEmpty();
        Roster withFallback = dayOnly.withFallback(List.of("li.wei"));
        assertThat(withFallback.onDuty(shanghai("2026-11-25T20:00:00"))).containsExactly("li.wei");
        assertThat(directory.check(TenantOnCall.builder(A, withFallback).contacts(LI).defaultPolicy(PRIMARY_ONLY).build())).isEmpty();
    }

    @Test
    void reportsOverlapsUnknownContactsAndUnknownChannelsTogether() {
        Roster bad = Roster.of(SHANGHAI, List.of(
                new Shift("day", Shift.EVERY_DAY, true, LocalTime.of(8, 0), LocalTime.of(20, 0), List.of("li.wei")),
                new Shift("night", Shift.EVERY_DAY, true, LocalTime.of(19, 0), LocalTime.of(8, 0),
                        List.of("nobody"))));
        Contact pager = new Contact(A, "zhao", "赵", List.of(new ContactChannel("pager", "42")), Language.ZH);
        TenantOnCall setup = TenantOnCall.builder(A, bad).contacts(LI, pager).defaultPolicy(PRIMARY_ONLY).build();
        OnCallDirectory directory = OnCallDirectory.create(Setups.CHANNELS);
        assertThat(directory.check(setup)).extracting(SetupProblem::toString).containsExactlyInAnyOrder(
                "ERROR contacts[zhao].channels[0]: names unknown notifier channel 'pager'; configured: [ding, sms, wecom];"
                        + " add notify.channel.pager.type or fix the name",
                "ERROR roster.shifts[1] 'night'.chain: names unknown contact 'nobody'; add it to the contacts or fix"
                        + " the id",
                "ERROR roster.shifts[1] 'night': overlaps roster.shifts[0] 'day' on MONDAY at 19:00; make one end where the other starts",
                "ERROR roster.shifts[1] 'night': overlaps roster.shifts[0] 'day' on holidays at 19:00; make one end"
                        + " where the other starts");
        assertThatThrownBy(() -> directory.register(setup)).isInstanceOfSatisfying(MedsocException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(OnCallErrorCode.INVALID_SETUP.toErrorCode());
            assertThat(e.getMessage()).contains("4 error(s)").contains("'pager'").contains("'nobody'");
        });
        assertThat(directory.find(A)).isEmpty();
    }

    @Test
    void warnsAboutLevelsBeyondEveryChain() {
        OnCallDirectory directory = OnCallDirectory.create(Setups.CHANNELS);
        Roster single = Roster.of(SHANGHAI, List.of(new Shift("all", Shift.EVERY_DAY, true, LocalTime.MIDNIGHT,
                LocalTime.MIDNIGHT, List.of("li.wei"))));
        assertThat(directory.check(TenantOnCall.builder(A, single).contacts(LI).build()))
                .extracting(SetupProblem::toString).containsExactly(
                        "WARNING policies.default.levels[2]: notifies chain position 2 but no chain is that long;"
                                + " the level is skipped",
                        "WARNING policies.default.levels[3]: notifies chain position 3 but no chain is that long;"
                                + " the level is skipped");
        assertThat(single.onDuty(shanghai("2026-11-25T23:59:59"))).containsExactly("li.wei");
    }

    @Test
    void directoryResolvesContactsInChainOrder() {
        OnCallDirectory directory = OnCallDirectory.create(Setups.CHANNELS);
        assertThat(directory.register(Setups.tenant().build())).isEmpty();
        assertThat(directory.onDuty(A, shanghai("2026-11-25T10:00:00"))).containsExactly(LI, ZHANG, WANG);
        assertThatThrownBy(() -> directory.onDuty(Setups.B, shanghai("2026-11-25T10:00:00")))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(OnCallErrorCode.TENANT_NOT_CONFIGURED.toErrorCode()));
    }
}
