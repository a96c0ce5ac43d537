package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;

class IncidentLifecycleTest extends ServiceFixture {

    private Incident newIncident(IncidentService s, String id) {
        s.onAlerts(List.of(simple(id, "r-" + id, "host-" + id, NINE)));
        return s.list(A, IncidentQuery.all().withTitleContains("host-" + id)).items().get(0);
    }

    /** Drives a fresh incident into {@code state} through valid transitions. */
    private Incident incidentIn(IncidentService s, IncidentState state, String id) {
        Incident i = newIncident(s, id);
        return switch (state) {
            case NEW -> i;
            case TRIAGING -> s.acknowledge(A, i.id(), i.version(), LI);
            case CONTAINING -> {
                Incident t = s.acknowledge(A, i.id(), i.version(), LI);
                yield s.contain(A, t.id(), t.version(), LI);
            }
            case RESOLVED -> {
                Incident t = s.acknowledge(A, i.id(), i.version(), LI);
                yield s.resolve(A, t.id(), t.version(), LI, Resolution.TRUE_POSITIVE, "confirmed");
            }
            case CLOSED -> {
                Incident t = s.acknowledge(A, i.id(), i.version(), LI);
                Incident r = s.resolve(A, t.id(), t.version(), LI, Resolution.BENIGN, "scanner");
                yield s.close(A, r.id(), r.version(), LI);
            }
        };
    }

    private static Incident apply(IncidentService s, Transition t, Incident i) {
        return switch (t) {
            case ACKNOWLEDGE -> s.acknowledge(A, i.id(), i.version(), ZHANG);
            case CONTAIN -> s.contain(A, i.id(), i.version(), ZHANG);
            case RESOLVE -> s.resolve(A, i.id(), i.version(), ZHANG, Resolution.TRUE_POSITIVE, "done");
            case CLOSE -> s.close(A, i.id(), i.version(), ZHANG);
            case REOPEN -> s.reopen(A, i.id(), i.version(), ZHANG, "new evidence");
            case MARK_FALSE_POSITIVE -> s.markFalsePositive(A, i.id(), i.version(), ZHANG, "backup job");
        };
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyTransitionSucceedsOrFailsFromEveryStateAndAFailureWritesNothing(Dialect dialect) {
        IncidentService s = open(dialect);
        int n = 0;
        for (IncidentState from : IncidentState.values()) {
            for (Transition t : Transition.values()) {
                Incident i = incidentIn(s, from, "x" + n++);
                int entries = s.timeline(A, i.id()).size();
                if (t.allowedFrom(from)) {
                    Incident after = apply(s, t, i);
                    assertThat(after.state()).as("%s from %s", t, from).isEqualTo(t.to());
                    assertThat(after.version()).isEqualTo(i.version() + 1);
                    assertThat(s.timeline(A, i.id()).stream().map(TimelineEntry::what)).contains(t.label());
                } else {
                    assertFails(IncidentErrorCode.INVALID_TRANSITION, () -> apply(s, t, i))
                            .hasMessage("incident " + i.id() + " is " + from + "; '" + t.label()
                                    + "' is allowed only from " + String.join(" or ",
                                    t.from().stream().sorted().map(Enum::name).toList()));
                    Incident unchanged = s.load(A, i.id());
                    assertThat(unchanged.state()).isEqualTo(from);
                    assertThat(unchanged.version()).isEqualTo(i.version());
                    assertThat(s.timeline(A, i.id())).hasSize(entries);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFullLifecycleRecordsWhoDidWhatWithOldAndNewValues(Dialect dialect) {
        IncidentService s = open(dialect);
        Incident i = newIncident(s, "a1");
        assertThat(i.state()).isEqualTo(IncidentState.NEW);
        assertThat(i.assignee()).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        Incident t = s.acknowledge(A, i.id(), i.version(), LI);
        assertThat(t.assignee()).contains("li.wei");
        assertThat(t.firstResponseAt()).contains(NINE.plus(Duration.ofMinutes(5)));
        t = s.contain(A, t.id(), t.version(), LI);
        assertFails(IncidentErrorCode.INVALID_INCIDENT_INPUT,
                () -> s.resolve(A, i.id(), i.version() + 2, LI, Resolution.TRUE_POSITIVE, "  "))
                .hasMessage("resolution summary is required");
        t = s.resolve(A, t.id(), t.version(), LI, Resolution.TRUE_POSITIVE, "ransomware precursor contained");
        assertThat(t.resolution()).contains(Resolution.TRUE_POSITIVE);
        assertThat(t.resolvedAt()).isPresent();
        t = s.close(A, t.id(), t.version(), ZHANG);
        assertThat(t.closedAt()).isPresent();
        assertFails(IncidentErrorCode.INVALID_INCIDENT_INPUT, () -> s.reopen(A, i.id(), i.version() + 5, LI, ""))
                .hasMessage("reopen reason is required");
        clock.advance(Duration.ofHours(1));
        t = s.reopen(A, t.id(), t.version(), ZHANG, "same host beaconing again");
        assertThat(t.state()).isEqualTo(IncidentState.TRIAGING);
        assertThat(t.resolution()).isEmpty();
        assertThat(t.resolvedAt()).isEmpty();
        assertThat(t.closedAt()).isEmpty();
        assertThat(t.slaStartedAt()).isEqualTo(clock.instant());
        List<TimelineEntry> timeline = s.timeline(A, i.id());
        assertThat(timeline).extracting(TimelineEntry::what).containsExactly("created",
                "acknowledge", "assigned", "contain", "resolve", "resolution", "close", "reopen");
        TimelineEntry ack = timeline.get(1);
        assertThat(ack.actor()).isEqualTo(LI);
        assertThat(ack.field()).contains("state");
        assertThat(ack.oldValue()).contains("NEW");
        assertThat(ack.newValue()).contains("TRIAGING");
        assertThat(timeline.get(7).note()).contains("same host beaconing again");
        assertThat(timeline.get(7).actor()).isEqualTo(ZHANG);
        assertThat(timeline.get(0).actor()).isEqualTo(Actor.SYSTEM);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void editsAssignmentsAndEvidenceAreRecorded(Dialect dialect) {
        IncidentService s = open(dialect);
        Incident i = newIncident(s, "e1");
        Incident e = s.edit(A, i.id(), i.version(), LI, new IncidentEdit(java.util.Optional.of("HIS 数据库批量导出"),
                java.util.Optional.of("details"), java.util.Optional.of(Severity.CRITICAL)));
        assertThat(e.title()).isEqualTo("HIS 数据库批量导出");
        assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(e.firstResponseAt()).as("an edit is not a response").isEmpty();
        e = s.assign(A, e.id(), e.version(), LI, "zhang.min");
        assertThat(e.assignee()).contains("zhang.min");
        assertThat(e.firstResponseAt()).isPresent();
        e = s.unassign(A, e.id(), e.version(), LI);
        assertThat(e.assignee()).isEmpty();
        Evidence ev = s.addEvidence(A, e.id(), LI, Evidence.Kind.EVENT, "ev-999", "outbound transfer to 8.8.8.8");
        assertThat(s.evidence(A, e.id())).contains(ev);
        assertFails(DatabaseErrorCode.DUPLICATE_KEY,
                () -> s.addEvidence(A, i.id(), LI, Evidence.Kind.EVENT, "ev-999", "again"))
                .hasMessageContaining("event ev-999 as evidence of incident " + i.id() + " already exists");
        assertThat(s.timeline(A, i.id())).extracting(t -> t.what() + ":" + t.field().orElse("") + ":"
                        + t.oldValue().orElse("") + "->" + t.newValue().orElse(""))
                .contains("edited:title:Rule r-e1 on host-e1->HIS 数据库批量导出", "edited:severity:medium->critical",
                        "assigned:assignee:->zhang.min", "unassigned:assignee:zhang.min->",
                        "evidence_added:evidence:->EVENT ev-999");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoStaleUpdatesOneWinsAndTheLoserWritesNothing(Dialect dialect) {
        IncidentService s = open(dialect);
        Incident i = newIncident(s, "l1");
        Incident won = s.assign(A, i.id(), i.version(), LI, "li.wei");
        assertFails(DatabaseErrorCode.CONCURRENT_MODIFICATION, () -> s.assign(A, i.id(), i.version(), ZHANG, "zhang.min"))
                .hasMessage("incident " + i.id() + " was changed by someone else (now version " + won.version()
                        + ", you sent " + i.version() + "); reload it and apply your change again");
        Incident now = s.load(A, i.id());
        assertThat(now.assignee()).contains("li.wei");
        assertThat(now.version()).isEqualTo(won.version());
        assertThat(s.timeline(A, i.id()).stream().filter(t -> t.what().equals("assigned"))).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentUpdatesWithTheSameVersionLetExactlyOneWin(Dialect dialect) throws Exception {
        IncidentService s = open(dialect);
        Incident i = newIncident(s, "c1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new java.util.ArrayList<>();
            for (int k = 0; k < 4; k++) {
                String who = "analyst-" + k;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        s.assign(A, i.id(), i.version(), new Actor(who, who), who);
                        return "won";
                    } catch (MedsocException e) {
                        return e.errorCode().name();
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new java.util.ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get(20, TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsOnlyOnce("won");
            assertThat(outcomes.stream().filter(o -> !o.equals("won"))).containsOnly("CONCURRENT_MODIFICATION");
            assertThat(s.load(A, i.id()).version()).isEqualTo(i.version() + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void commentsUpToTheLimitAreKeptAndLongerOnesRejected(Dialect dialect) {
        IncidentService s = open(dialect);
        Incident i = newIncident(s, "m1");
        String longest = "病".repeat(IncidentService.MAX_COMMENT_LENGTH);
        Comment c = s.comment(A, i.id(), LI, longest);
        assertThat(s.comments(A, i.id())).containsExactly(c);
        assertThat(s.comments(A, i.id()).get(0).body()).hasSize(10_000);
        assertFails(IncidentErrorCode.COMMENT_TOO_LONG, () -> s.comment(A, i.id(), LI, longest + "x"))
                .hasMessage("comment is 10001 characters; the limit is 10000: shorten it or attach the text as evidence");
        assertThat(s.comments(A, i.id())).hasSize(1);
        Incident after = s.load(A, i.id());
        assertThat(after.firstResponseAt()).as("a person's comment is a first response").contains(NINE);
        assertThat(after.version()).as("comments do not bump the version").isEqualTo(i.version());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anotherTenantsIncidentIsNotFoundAndNotChanged(Dialect dialect) {
        IncidentService s = open(dialect);
        Incident i = newIncident(s, "t1");
        assertThat(s.find(B, i.id())).isEmpty();
        assertFails(IncidentErrorCode.INCIDENT_NOT_FOUND, () -> s.load(B, i.id()))
                .hasMessage("incident " + i.id() + " does not exist in this tenant");
        assertFails(IncidentErrorCode.INCIDENT_NOT_FOUND, () -> s.acknowledge(B, i.id(), i.version(), LI));
        assertFails(IncidentErrorCode.INCIDENT_NOT_FOUND, () -> s.comment(B, i.id(), LI, "hi"));
        assertFails(IncidentErrorCode.INCIDENT_NOT_FOUND, () -> s.timeline(B, i.id()));
        assertFails(IncidentErrorCode.INCIDENT_NOT_FOUND, () -> s.comments(B, i.id()));
        assertFails(IncidentErrorCode.INCIDENT_NOT_FOUND,
                () -> s.addEvidence(B, i.id(), LI, Evidence.Kind.ALERT, "x", "y"));
        assertThat(s.alertIds(B, i.id())).isEmpty();
        assertThat(s.list(B, IncidentQuery.all()).total()).isZero();
        Incident unchanged = s.load(A, i.id());
        assertThat(unchanged.state()).isEqualTo(IncidentState.NEW);
        assertThat(unchanged.firstResponseAt()).isEmpty();
        assertThat(s.comments(A, i.id())).isEmpty();
    }
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void listenersHearOfEveryCommittedChangeButNotOfRefusedOrEmptyOnes(Dialect dialect) {
        IncidentService s = open(dialect);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        s.addListener(new IncidentService.Listener() {
            @Override
            public void opened(Incident incident) {}

            @Override
            public void escalated(Incident incident) {}

            @Override
            public void changed(Incident incident) {
                heard.add(incident.state() + " " + incident.assignee().orElse("-") + " v" + incident.version());
            }
        });
        s.addListener(new IncidentService.Listener() {
            @Override
            public void opened(Incident incident) {}

            @Override
            public void escalated(Incident incident) {}

            @Override
            public void changed(Incident incident) {
                throw new IllegalStateException("a broken listener does not undo the change");
            }
        });
        Incident i = newIncident(s, "listened");
        Incident assigned = s.assign(A, i.id(), i.version(), LI, "zhang.min");
        Incident same = s.edit(A, i.id(), assigned.version(), LI, IncidentEdit.title(assigned.title()));
        assertThat(same.version()).isEqualTo(assigned.version());
        Incident acked = s.acknowledge(A, i.id(), assigned.version(), ZHANG);
        assertFails(IncidentErrorCode.INVALID_TRANSITION, () -> s.close(A, i.id(), acked.version(), ZHANG));
        Incident resolved = s.resolve(A, i.id(), acked.version(), ZHANG, Resolution.TRUE_POSITIVE, "contained");
        assertThat(heard).containsExactly("NEW zhang.min v1", "TRIAGING zhang.min v2", "RESOLVED zhang.min v3");
        assertThat(s.load(A, i.id()).version()).isEqualTo(resolved.version());
    }
}
