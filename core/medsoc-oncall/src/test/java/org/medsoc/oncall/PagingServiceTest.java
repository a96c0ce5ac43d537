package org.medsoc.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.oncall.Setups.A;
import static org.medsoc.oncall.Setups.B;
import static org.medsoc.oncall.Setups.shanghai;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.notify.Notifier;
import org.medsoc.notify.Severity;
import org.medsoc.oncall.ProviderFakes.Answer;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

class PagingServiceTest {
    /** Wednesday 10:00 in Shanghai: the workday day shift, Li primary (DingTalk), Zhang secondary (WeCom). */
    static final Instant TEN = shanghai("2026-11-25T10:00:00");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(TEN);
    ProviderFakes fakes;
    Notifier notifier;
    @Nullable Database db;
    final OnCallDirectory directory = OnCallDirectory.create(Setups.CHANNELS);

    @BeforeEach
    void start() throws Exception {
        fakes = new ProviderFakes();
        notifier = fakes.notifier();
    }

    @AfterEach
    void stop() {
        notifier.close();
        fakes.close();
        if (db != null) {
            db.close();
        }
    }

    PagingService open(Dialect dialect, TenantOnCall setup) {
        directory.register(setup);
        db = TestDatabases.open(dialect, dir);
        return PagingService.create(db, notifier, directory, clock);
    }

    static Page page(String incident, Severity severity) {
        return Page.of(A, incident, "HIS 服务器勒索软件告警", severity);
    }

    void at(String local) {
        clock.set(shanghai(local));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void escalatesToTheSecondaryWhenNobodyAcknowledgesAndStopsOnAcknowledgement(Dialect dialect) {
        PagingService paging = open(dialect, Setups.tenant().build());
        PageRecord page = paging.page(page("inc-1", Severity.HIGH)).page();
        assertThat(page.state()).isEqualTo(PageState.OPEN);
        assertThat(page.nextDeadline()).contains(TEN);

        assertThat(paging.runDue().delivered()).isEqualTo(1);
        assertThat(fakes.accepted("dingtalk")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("HIS 服务器勒索软件告警").contains("通知对象：李伟"));
        assertThat(fakes.accepted("wecom")).isEmpty();

        at("2026-11-25T10:09:59");
        assertThat(paging.runDue().idle()).isTrue();
        assertThat(fakes.accepted("wecom")).isEmpty();

        at("2026-11-25T10:10:00");
        assertThat(paging.runDue().delivered()).isEqualTo(1);
        assertThat(fakes.accepted("wecom")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("升级").contains("张敏").contains("第 1 级无人确认"));

        at("2026-11-25T10:12:00");
        PageRecord acked = paging.acknowledge(A, page.id(), "zhang.min");
        assertThat(acked.state()).isEqualTo(PageState.ACKNOWLEDGED);
        assertThat(acked.acknowledgedBy()).contains("zhang.min");
        assertThat(acked.nextDeadline()).isEmpty();

        at("2026-11-25T12:00:00");
        assertThat(paging.runDue().idle()).isTrue();
        assertThat(fakes.all()).hasSize(2);
        assertThat(paging.schedule(A, page.id())).extracting(ScheduledNotification::state).containsExactly(
                NotificationState.DELIVERED, NotificationState.DELIVERED, NotificationState.CANCELLED,
                NotificationState.CANCELLED);
        assertThat(paging.deliveries(A, page.id())).extracting(DeliveryAttempt::contactId, DeliveryAttempt::channel,
                        DeliveryAttempt::outcome, DeliveryAttempt::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("li.wei", "ding", DeliveryOutcome.DELIVERED, TEN),
                        org.assertj.core.groups.Tuple.tuple("zhang.min", "wecom", DeliveryOutcome.DELIVERED,
                                shanghai("2026-11-25T10:10:00")));
        // acknowledging twice is harmless
        assertThat(paging.acknowledge(A, page.id(), "li.wei").acknowledgedBy()).contains("zhang.min");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void exhaustsAfterEveryLevelAndRepeatWithoutAcknowledgement(Dialect dialect) {
        PagingService paging = open(dialect, Setups.tenant().build());
        long id = paging.page(page("inc-2", Severity.HIGH)).page().id();
        paging.runDue();
        at("2026-11-25T10:10:00");
        paging.runDue();
        at("2026-11-25T10:25:00");
        paging.runDue();
        assertThat(fakes.accepted("sms")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("Wang Fang").contains("nobody acknowledged at level 2"));
        at("2026-11-25T10:40:00");
        paging.runDue();
        assertThat(fakes.accepted("sms")).hasSize(2);
        assertThat(fakes.accepted("sms").get(1).text()).contains("reminder 1");
        assertThat(paging.find(A, id).orElseThrow().nextDeadline()).contains(shanghai("2026-11-25T10:55:00"));

        at("2026-11-25T10:54:59");
        assertThat(paging.runDue().exhausted()).isZero();
        at("2026-11-25T10:55:00");
        assertThat(paging.runDue().exhausted()).isEqualTo(1);
        PageRecord exhausted = paging.find(A, id).orElseThrow();
        assertThat(exhausted.state()).isEqualTo(PageState.EXHAUSTED);
        assertThat(exhausted.nextDeadline()).isEmpty();
        // the incident may be paged afresh now
        assertThat(paging.page(page("inc-2", Severity.HIGH)).created()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pagingTheSameIncidentTwiceReturnsTheLivePage(Dialect dialect) {
        PagingService paging = open(dialect, Setups.tenant().build());
        PageResult first = paging.page(page("inc-3", Severity.HIGH));
        PageResult second = paging.page(page("inc-3", Severity.CRITICAL));
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.page().id()).isEqualTo(first.page().id());
        paging.acknowledge(A, first.page().id(), "li.wei");
        assertThat(paging.page(page("inc-3", Severity.HIGH)).page().id()).isEqualTo(first.page().id());

        assertThat(paging.resolve(A, first.page().id(), "li.wei").state()).isEqualTo(PageState.RESOLVED);
        PageResult third = paging.page(page("inc-3", Severity.HIGH));
        assertThat(third.created()).isTrue();
        assertThat(third.page().id()).isNotEqualTo(first.page().id());
        assertThat(paging.pagesOf(A, "inc-3")).hasSize(2);
        // the tenant-wide list: the live page first, then the finished one; nothing of another tenant
        PageResult other = paging.page(page("inc-4", Severity.HIGH));
        paging.resolve(A, other.page().id(), "li.wei");
        assertThat(paging.recent(A, 10)).extracting(PageRecord::id)
                .containsExactly(third.page().id(), other.page().id(), first.page().id());
        assertThat(paging.recent(A, 1)).extracting(PageRecord::id).containsExactly(third.page().id());
        assertThat(paging.recent(B, 10)).isEmpty();

        assertThatThrownBy(() -> paging.acknowledge(A, first.page().id(), "li.wei"))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(OnCallErrorCode.INVALID_TRANSITION.toErrorCode()));
        // another tenant cannot see or touch the page
        assertThatThrownBy(() -> paging.acknowledge(B, third.page().id(), "intruder"))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(OnCallErrorCode.PAGE_NOT_FOUND.toErrorCode()));
        assertThat(paging.find(B, third.page().id())).isEmpty();
        assertThat(paging.deliveries(B, third.page().id())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void quietHoursHoldAMediumPageUntilSevenAndPageACriticalOneAtOnceBySms(Dialect dialect) {
        TenantOnCall setup = Setups.tenant()
                .quietHours(new QuietHours(LocalTime.of(23, 0), LocalTime.of(7, 0), Severity.HIGH, List.of("sms")))
                .build();
        PagingService paging = open(dialect, setup);
        at("2026-11-25T23:30:00"); // night shift: Zhang primary
        long medium = paging.page(page("inc-medium", Severity.MEDIUM)).page().id();
        long critical = paging.page(page("inc-critical", Severity.CRITICAL)).page().id();

        paging.runDue();
        assertThat(fakes.accepted("wecom")).isEmpty();
        assertThat(fakes.accepted("sms")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("严重").contains("张敏"));

        List<ScheduledNotification> held = paging.schedule(A, medium);
        assertThat(held.get(0).heldUntil()).contains(shanghai("2026-11-26T07:00:00"));
        assertThat(held.get(0).dueAt()).isEqualTo(shanghai("2026-11-26T07:00:00"));
        assertThat(paging.find(A, medium).orElseThrow().nextDeadline()).contains(shanghai("2026-11-26T07:00:00"));
        assertThat(paging.deliveries(A, medium)).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(DeliveryOutcome.HELD);
            assertThat(d.detail()).contains("2026-11-25T23:00:00Z");
        });
        paging.acknowledge(A, critical, "zhang.min");

        at("2026-11-26T06:59:59");
        assertThat(paging.runDue().delivered()).isZero();
        at("2026-11-26T07:00:00");
        assertThat(paging.runDue().delivered()).isEqualTo(1);
        assertThat(fakes.accepted("wecom")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("张敏").contains("中"));
        // level 2 follows 10 minutes after the held level 1
        assertThat(paging.schedule(A, medium).get(1).dueAt()).isEqualTo(shanghai("2026-11-26T07:10:00"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void specialProtectionHalvesTheDelaysAndIgnoresQuietHours(Dialect dialect) {
        TenantOnCall setup = Setups.tenant()
                .quietHours(new QuietHours(LocalTime.of(23, 0), LocalTime.of(7, 0), Severity.HIGH, List.of("sms")))
                .protection(new ProtectionWindow(shanghai("2026-11-25T00:00:00"), shanghai("2026-11-27T00:00:00"),
                        0.5, "进博会重保"))
                .build();
        PagingService paging = open(dialect, setup);
        PageRecord page = paging.page(page("inc-4", Severity.HIGH)).page();
        assertThat(page.protection()).contains("进博会重保");
        paging.runDue();
        at("2026-11-25T10:04:59");
        paging.runDue();
        assertThat(fakes.accepted("wecom")).isEmpty();
        at("2026-11-25T10:05:00");
        paging.runDue();
        assertThat(fakes.accepted("wecom")).hasSize(1);
        at("2026-11-25T10:12:30");
        paging.runDue();
        assertThat(fakes.accepted("sms")).hasSize(1);

        at("2026-11-25T23:30:00");
        paging.page(page("inc-5", Severity.LOW));
        paging.runDue();
        // not held: sent at once on the level's own channel
        assertThat(fakes.accepted("wecom")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void retriesATransientFailureHonouringRetryAfter(Dialect dialect) {
        PagingService paging = open(dialect, Setups.tenant().build());
        fakes.script("dingtalk", new Answer(200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}", null));
        long id = paging.page(page("inc-6", Severity.HIGH)).page().id();
        RunReport first = paging.runDue();
        assertThat(first.retrying()).isEqualTo(1);
        assertThat(fakes.accepted("dingtalk")).isEmpty();
        assertThat(paging.deliveries(A, id)).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(DeliveryOutcome.TRANSIENT_FAILURE);
            assertThat(d.retryAfter()).contains(Duration.ofMinutes(10));
            assertThat(d.attempt()).isEqualTo(1);
        });
        assertThat(paging.schedule(A, id).get(0).nextAttemptAt()).contains(TEN.plus(Duration.ofMinutes(10)));

        at("2026-11-25T10:09:00"); // the exponential backoff alone (30 s) would have retried by now
        paging.runDue();
        assertThat(fakes.all()).hasSize(1);

        at("2026-11-25T10:10:00");
        paging.runDue();
        assertThat(fakes.accepted("dingtalk")).hasSize(1);
        List<DeliveryAttempt> log = paging.deliveries(A, id);
        assertThat(log).filteredOn(d -> d.channel().equals("ding")).extracting(DeliveryAttempt::attempt,
                        DeliveryAttempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, DeliveryOutcome.TRANSIENT_FAILURE),
                        org.assertj.core.groups.Tuple.tuple(2, DeliveryOutcome.DELIVERED));
        // both attempts carried the same idempotency id
        assertThat(log.get(0).idempotencyId()).isPresent().isEqualTo(log.get(1).idempotencyId());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void givesUpAfterMaxAttemptsAndEscalates(Dialect dialect) {
        directory.register(Setups.tenant().build());
        db = TestDatabases.open(dialect, dir);
        PagingService paging = PagingService.create(db, notifier, directory, clock,
                new PagingConfig(Duration.ofSeconds(30), Duration.ofMinutes(1), 2, Duration.ofMinutes(2)));
        fakes.script("dingtalk", new Answer(503, "{}", null));
        fakes.script("dingtalk", new Answer(503, "{}", null));
        long id = paging.page(page("inc-7", Severity.HIGH)).page().id();
        paging.runDue();
        clock.advance(Duration.ofSeconds(30));
        RunReport second = paging.runDue();
        assertThat(second.failed()).isEqualTo(1);
        // level 1 failed for good: level 2 is notified at once, not at 10:10
        assertThat(second.delivered()).isEqualTo(1);
        assertThat(fakes.accepted("wecom")).hasSize(1);
        assertThat(paging.schedule(A, id).get(0).state()).isEqualTo(NotificationState.FAILED);
        assertThat(paging.deliveries(A, id).get(1).detail()).contains("giving up after 2 attempts");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void permanentFailureMovesToTheNextLevelAtOnce(Dialect dialect) {
        PagingService paging = open(dialect, Setups.tenant().build());
        fakes.script("dingtalk", new Answer(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}", null));
        long id = paging.page(page("inc-8", Severity.HIGH)).page().id();
        RunReport report = paging.runDue();
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.delivered()).isEqualTo(1);
        assertThat(fakes.accepted("wecom")).singleElement().satisfies(m -> assertThat(m.text()).contains("张敏"));
        assertThat(paging.deliveries(A, id)).extracting(DeliveryAttempt::contactId, DeliveryAttempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("li.wei", DeliveryOutcome.PERMANENT_FAILURE),
                        org.assertj.core.groups.Tuple.tuple("zhang.min", DeliveryOutcome.DELIVERED));
        assertThat(paging.deliveries(A, id).get(0).detail()).contains("310000");
        // level 3 keeps its own time
        at("2026-11-25T10:24:59");
        paging.runDue();
        assertThat(fakes.accepted("sms")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void permanentFailureOnOneChannelKeepsTheLevelWhenAnotherDelivers(Dialect dialect) {
        TenantOnCall setup = Setups.tenant().defaultPolicy(new EscalationPolicy(List.of(
                        EscalationLevel.of(1, Duration.ZERO, "ding", "sms"),
                        EscalationLevel.of(2, Duration.ofMinutes(10), "wecom")),
                Duration.ofMinutes(15), 0)).build();
        PagingService paging = open(dialect, setup);
        fakes.script("dingtalk", new Answer(200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}", null));
        paging.page(page("inc-9", Severity.HIGH));
        paging.runDue();
        assertThat(fakes.accepted("sms")).hasSize(1);
        assertThat(fakes.accepted("wecom")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRestartedServiceContinuesWithoutResendingConfirmedNotifications(Dialect dialect) {
        PagingService paging = open(dialect, Setups.tenant().build());
        long id = paging.page(page("inc-10", Severity.HIGH)).page().id();
        paging.runDue();
        assertThat(fakes.accepted("dingtalk")).hasSize(1);

        // a new service on the same database, as after a restart
        PagingService restarted = PagingService.create(db, notifier, directory, clock);
        assertThat(restarted.runDue().idle()).isTrue();
        assertThat(fakes.all()).hasSize(1);
        at("2026-11-25T10:10:00");
        restarted.runDue();
        assertThat(fakes.accepted("dingtalk")).hasSize(1);
        assertThat(fakes.accepted("wecom")).hasSize(1);
        assertThat(restarted.find(A, id).orElseThrow().state()).isEqualTo(PageState.OPEN);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSendInterruptedByACrashIsResentAfterItsLeaseWithTheSameIdempotencyId(Dialect dialect) {
        PagingService paging = open(dialect, Setups.tenant().build());
        long id = paging.page(page("inc-11", Severity.HIGH)).page().id();
        // the state a process leaves when it dies after claiming level 1 and before recording the answer
        db.jdbi().useHandle(h -> h.createUpdate("""
                        UPDATE oncall_notification SET state = 'SENDING', attempts = 1, idempotency_id = 'idem-1',
                            next_attempt_at = :lease
                        WHERE page_id = :page AND level_no = 1""")
                .bind("lease", Sql.at(TEN.plus(Duration.ofMinutes(2))))
                .bind("page", id)
                .execute());
        PagingService restarted = PagingService.create(db, notifier, directory, clock);
        assertThat(restarted.find(A, id).orElseThrow().nextDeadline()).contains(TEN.plus(Duration.ofMinutes(2)));
        assertThat(restarted.runDue().idle()).isTrue();
        assertThat(fakes.all()).isEmpty();

        at("2026-11-25T10:02:00");
        assertThat(restarted.runDue().delivered()).isEqualTo(1);
        assertThat(fakes.accepted("dingtalk")).hasSize(1);
        assertThat(restarted.deliveries(A, id)).singleElement().satisfies(d -> {
            assertThat(d.attempt()).isEqualTo(2);
            assertThat(d.idempotencyId()).contains("idem-1");
        });
        at("2026-11-25T10:05:00");
        assertThat(restarted.runDue().idle()).isTrue();
        assertThat(fakes.all()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rejectsAPageForATenantWithoutSetup(Dialect dialect) {
        PagingService paging = open(dialect, Setups.tenant().build());
        assertThatThrownBy(() -> paging.page(Page.of(B, "inc-x", "x", Severity.HIGH)))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(OnCallErrorCode.TENANT_NOT_CONFIGURED.toErrorCode()));
    }
}
