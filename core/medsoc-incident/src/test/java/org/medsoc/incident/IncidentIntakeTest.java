package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;

class IncidentIntakeTest extends ServiceFixture {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void alertsWithTheSameKeyInsideTheWindowJoinOneIncident(Dialect dialect) {
        IncidentService s = open(dialect);
        IntakeResult r = s.onAlerts(List.of(
                simple("a1", "r1", "his-db-01", NINE),
                simple("a2", "r1", "his-db-01", NINE.plus(Duration.ofMinutes(50))),
                simple("a3", "r1", "his-db-01", NINE.plus(Duration.ofMinutes(100)))));
        assertThat(r).isEqualTo(new IntakeResult(1, 3, 0, 0));
        Incident i = only(s, A);
        assertThat(i.alertCount()).isEqualTo(3);
        assertThat(i.firstAlertAt()).isEqualTo(NINE);
        assertThat(i.lastAlertAt()).isEqualTo(NINE.plus(Duration.ofMinutes(100)));
        assertThat(i.title()).isEqualTo("Rule r1 on his-db-01");
        assertThat(i.groupingKey()).isEqualTo("r1|host.name=his-db-01");
        assertThat(s.alertIds(A, i.id())).containsExactly("a1", "a2", "a3");
        assertThat(s.evidence(A, i.id())).extracting(e -> e.kind() + ":" + e.ref())
                .containsExactly("ALERT:a1", "EVENT:ev-a1", "ALERT:a2", "EVENT:ev-a2", "ALERT:a3", "EVENT:ev-a3");
        assertThat(s.timeline(A, i.id())).extracting(t -> t.what() + ":" + t.oldValue().orElse("") + "->"
                + t.newValue().orElse("")).containsExactly("created:->medium", "alerts_joined:1->3");
        // a later batch joins too and is recorded with the old and new count
        s.onAlerts(List.of(simple("a4", "r1", "his-db-01", NINE.plus(Duration.ofMinutes(120)))));
        assertThat(s.load(A, i.id()).alertCount()).isEqualTo(4);
        assertThat(s.timeline(A, i.id()).get(2).oldValue()).contains("3");
        assertThat(s.load(A, i.id()).version()).as("joining alerts does not bump the version").isEqualTo(i.version());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void outsideTheWindowOrOnAnotherEntityOrRuleANewIncidentOpens(Dialect dialect) {
        IncidentService s = open(dialect);
        s.onAlerts(List.of(
                simple("a1", "r1", "his-db-01", NINE),
                simple("a2", "r1", "his-db-01", NINE.plus(Duration.ofMinutes(61))),
                simple("a3", "r1", "pacs-01", NINE),
                simple("a4", "r2", "his-db-01", NINE)));
        assertThat(s.list(A, IncidentQuery.all()).total()).isEqualTo(4);
        assertThat(s.list(A, IncidentQuery.all()).items()).allSatisfy(i -> assertThat(i.alertCount()).isEqualTo(1));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void replayingTheSameAlertsChangesNothing(Dialect dialect) {
        IncidentService s = open(dialect);
        List<AlertRecord> batch = List.of(simple("a1", "r1", "h", NINE), simple("a2", "r1", "h", NINE.plusSeconds(9)));
        s.onAlerts(batch);
        Incident before = only(s, A);
        int evidence = s.evidence(A, before.id()).size();
        int timeline = s.timeline(A, before.id()).size();
        assertThat(s.onAlerts(batch)).isEqualTo(new IntakeResult(0, 0, 0, 2));
        assertThat(s.onAlerts(List.of(batch.get(0), batch.get(0)))).isEqualTo(new IntakeResult(0, 0, 0, 2));
        Incident after = only(s, A);
        assertThat(after).isEqualTo(before);
        assertThat(s.evidence(A, after.id())).hasSize(evidence);
        assertThat(s.timeline(A, after.id())).hasSize(timeline);
        // the same alert twice inside one fresh batch counts once
        assertThat(s.onAlerts(List.of(simple("b1", "r9", "h", NINE), simple("b1", "r9", "h", NINE))))
                .isEqualTo(new IntakeResult(1, 1, 0, 1));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theKeyFallsBackThroughTheEntityFieldsAndPoliciesOverrideItPerRule(Dialect dialect) {
        policies.setGrouping(A, GroupingPolicy.standard().withRule("brute", new GroupingPolicy.Grouping(
                Duration.ofMinutes(10), List.of(EntityField.USER_NAME))));
        IncidentService s = open(dialect);
        AlertRecord noHost = AlertRecord.builder(A, "n1", NINE, "r1").entity(EntityField.DESTINATION_IP, "10.1.1.5")
                .entity(EntityField.USER_NAME, "doctor1").build();
        AlertRecord brute1 = AlertRecord.builder(A, "b1", NINE, "brute").entity(EntityField.HOST_NAME, "h1")
                .entity(EntityField.USER_NAME, "admin").build();
        AlertRecord brute2 = AlertRecord.builder(A, "b2", NINE.plus(Duration.ofMinutes(9)), "brute")
                .entity(EntityField.HOST_NAME, "h2").entity(EntityField.USER_NAME, "admin").build();
        AlertRecord brute3 = AlertRecord.builder(A, "b3", NINE.plus(Duration.ofMinutes(30)), "brute")
                .entity(EntityField.USER_NAME, "admin").build();
        AlertRecord nothing = AlertRecord.builder(A, "z1", NINE, "r0").build();
        s.onAlerts(List.of(noHost, brute1, brute2, brute3, nothing));
        List<Incident> all = s.list(A, IncidentQuery.all().sortedBy(IncidentSort.CREATED, false)).items();
        assertThat(all).extracting(Incident::groupingKey, Incident::alertCount).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("r1|destination.ip=10.1.1.5", 1L),
                org.assertj.core.groups.Tuple.tuple("brute|user.name=admin", 2L),
                org.assertj.core.groups.Tuple.tuple("brute|user.name=admin", 1L),
                org.assertj.core.groups.Tuple.tuple("r0|*", 1L));
        // tenant B keeps the default policy: the same brute alerts group by host there
        s.onAlerts(List.of(AlertRecord.builder(B, "b1", NINE, "brute").entity(EntityField.HOST_NAME, "h1")
                .entity(EntityField.USER_NAME, "admin").build()));
        assertThat(only(s, B).groupingKey()).isEqualTo("brute|host.name=h1");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRuleThatNeverGroupsOpensOneIncidentPerAlertEvenInOneBatchAndOneMinute(Dialect dialect) {
        policies.setGrouping(A, GroupingPolicy.standard().separate("hub.warning"));
        IncidentService s = open(dialect);
        AlertRecord w1 = AlertRecord.builder(A, "hub-warning-1", NINE, "hub.warning").ruleTitle("Hub warning").build();
        AlertRecord w2 = AlertRecord.builder(A, "hub-warning-2", NINE.plusSeconds(20), "hub.warning")
                .ruleTitle("Hub warning").build();
        AlertRecord w3 = AlertRecord.builder(A, "hub-warning-3", NINE.plusSeconds(40), "hub.warning")
                .ruleTitle("Hub warning").build();
        assertThat(s.onAlerts(List.of(w1, w2))).isEqualTo(new IntakeResult(2, 2, 0, 0));
        assertThat(s.onAlerts(List.of(w3, w1))).isEqualTo(new IntakeResult(1, 1, 0, 1));
        List<Incident> all = s.list(A, IncidentQuery.all()).items();
        assertThat(all).extracting(Incident::groupingKey).containsExactlyInAnyOrder("hub.warning|#hub-warning-1",
                "hub.warning|#hub-warning-2", "hub.warning|#hub-warning-3");
        assertThat(all).allSatisfy(i -> assertThat(i.alertCount()).isEqualTo(1));
        // other rules keep grouping
        s.onAlerts(List.of(simple("x1", "brute", "h1", NINE), simple("x2", "brute", "h1", NINE.plusSeconds(5))));
        assertThat(s.list(A, IncidentQuery.all()).total()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCorrelationAlertOpensOneIncidentWithAllMembersAsEvidence(Dialect dialect) {
        IncidentService s = open(dialect);
        AlertRecord corr = alert(A, "c1", "corr-lateral", "ws-17", NINE).level("high", 73)
                .memberEventIds("e1", "e2", "e3", "e2").tags("attack.lateral_movement", "attack.t1021")
                .entity(EntityField.BUSINESS_SYSTEM, "PACS").assetIds("asset-17").build();
        assertThat(s.onAlerts(List.of(corr))).isEqualTo(new IntakeResult(1, 1, 0, 0));
        Incident i = only(s, A);
        assertThat(i.severity()).isEqualTo(Severity.HIGH);
        assertThat(i.tags()).containsExactly("attack.lateral_movement", "attack.t1021");
        assertThat(i.assets()).containsExactly("asset-17");
        assertThat(i.businessSystems()).containsExactly("PACS");
        assertThat(i.attribute(AttributeKind.HOST)).containsExactly("ws-17");
        assertThat(s.evidence(A, i.id())).extracting(Evidence::ref).containsExactly("c1", "ev-c1", "e1", "e2", "e3");
        assertThat(s.evidence(A, i.id()).get(2).note()).contains("correlation member of alert c1");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anAlertMatchingAResolvedIncidentsKeyOpensANewIncident(Dialect dialect) {
        IncidentService s = open(dialect);
        s.onAlerts(List.of(simple("a1", "r1", "h", NINE)));
        Incident first = only(s, A);
        s.markFalsePositive(A, first.id(), first.version(), LI, "nightly backup");
        s.onAlerts(List.of(simple("a2", "r1", "h", NINE.plusSeconds(60))));
        List<Incident> all = s.list(A, IncidentQuery.all()).items();
        assertThat(all).hasSize(2);
        assertThat(s.load(A, first.id()).alertCount()).isEqualTo(1);
        assertThat(s.list(A, IncidentQuery.all().withStates(IncidentState.NEW)).items().get(0).alertCount())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aHigherAlertEscalatesSeverityAndTightensDeadlinesButALowerOneNeverLowersIt(Dialect dialect) {
        policies.setSla(A, SlaPolicy.defaults(SHANGHAI).withTargets(Severity.CRITICAL, new SlaPolicy.Targets(
                Duration.ofMinutes(10), new SlaPolicy.Within(Duration.ofHours(4)))));
        IncidentService s = open(dialect);
        s.onAlerts(List.of(alert(A, "a1", "r1", "h", NINE).level("medium", 47).build()));
        Incident before = only(s, A);
        assertThat(before.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(before.sla().responseDue()).isEqualTo(NINE.plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(2));
        s.onAlerts(List.of(alert(A, "a2", "r1", "h", NINE.plusSeconds(60)).level("critical", 99).build()));
        Incident after = s.load(A, before.id());
        assertThat(after.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.sla().responseDue()).isEqualTo(NINE.plus(Duration.ofMinutes(10)));
        assertThat(after.sla().resolutionDue()).isEqualTo(NINE.plus(Duration.ofHours(4)));
        TimelineEntry escalation = s.timeline(A, before.id()).stream()
                .filter(t -> t.what().equals("severity_escalated")).findFirst().orElseThrow();
        assertThat(escalation.actor()).isEqualTo(Actor.SYSTEM);
        assertThat(escalation.oldValue()).contains("medium");
        assertThat(escalation.newValue()).contains("critical");
        assertThat(escalation.note()).contains("alert a2 of rule r1 is critical");
        s.onAlerts(List.of(alert(A, "a3", "r1", "h", NINE.plusSeconds(120)).level("low", 21).build()));
        assertThat(s.load(A, before.id()).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.load(A, before.id()).alertCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theSameKeyInTwoTenantsMakesTwoIncidents(Dialect dialect) {
        IncidentService s = open(dialect);
        s.onAlerts(List.of(alert(A, "x", "r1", "h", NINE).build(), alert(B, "x", "r1", "h", NINE).build()));
        Incident a = only(s, A);
        Incident b = only(s, B);
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.tenant()).isEqualTo(A);
        assertThat(b.tenant()).isEqualTo(B);
        assertThat(s.alertIds(A, b.id())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void listenersHearOfOpenedAndEscalatedIncidentsOnceEachAndNotOnReplay(Dialect dialect) {
        IncidentService s = open(dialect);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        s.addListener(new IncidentService.Listener() {
            @Override
            public void opened(Incident incident) {
                heard.add("opened " + incident.id() + " " + incident.severity());
            }

            @Override
            public void escalated(Incident incident) {
                heard.add("escalated " + incident.id() + " " + incident.severity());
            }
        });
        s.addListener(new IncidentService.Listener() {
            @Override
            public void opened(Incident incident) {
                throw new IllegalStateException("a broken listener does not undo the intake");
            }

            @Override
            public void escalated(Incident incident) {}
        });
        AlertRecord medium = simple("a1", "r1", "his-db-01", NINE);
        s.onAlerts(List.of(medium, simple("a2", "r1", "his-db-01", NINE.plusSeconds(5))));
        long id = only(s, A).id();
        AlertRecord critical = AlertRecord.builder(A, "a3", NINE.plusSeconds(9), "r1").ruleTitle("Rule r1")
                .level("critical", 99).matchedEventId("ev-a3").entity(EntityField.HOST_NAME, "his-db-01").build();
        s.onAlerts(List.of(critical));
        s.onAlerts(List.of(medium, critical));
        assertThat(heard).containsExactly("opened " + id + " MEDIUM", "escalated " + id + " CRITICAL");
        assertThat(only(s, A).alertCount()).isEqualTo(3);
    }

    /**
     * A batch is taken in one transaction with reads and writes batched; what it decides must be exactly what taking
     * the same alerts one at a time decides: same incidents (counts, times, severities, deadlines, attributes), same
     * alerts, same evidence in the same order, same timeline apart from the per-batch "alerts joined" entries.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBatchDecidesExactlyWhatTheSameAlertsOneAtATimeDecide(Dialect dialect) {
        List<AlertRecord> alerts = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(11);
        String[] levels = {"low", "medium", "medium", "high", "critical"};
        for (int i = 0; i < 120; i++) {
            // three rules on three hosts, over four hours: joins, windows that lapse, escalations
            java.time.Instant time = NINE.plus(Duration.ofMinutes(random.nextInt(240)));
            String rule = "r" + random.nextInt(3);
            AlertRecord.Builder b = alert(A, "a" + i, rule, "host-" + random.nextInt(3), time)
                    .level(levels[random.nextInt(levels.length)], 20 + random.nextInt(80))
                    .tags("attack.t" + (1000 + random.nextInt(4)))
                    .entity(EntityField.SOURCE_IP, "10.0.0." + random.nextInt(5));
            if (i % 7 == 0) {
                // correlation members shared between alerts: EVENT evidence is added once per incident
                b.memberEventIds("ev-shared-" + random.nextInt(4), "ev-a" + Math.max(0, i - 1));
            }
            alerts.add(b.build());
        }
        alerts.sort(java.util.Comparator.comparing(AlertRecord::time));
        alerts.add(alerts.getLast()); // a duplicate inside the batch

        IncidentService batched = open(dialect);
        org.medsoc.database.Database single = org.medsoc.testing.database.TestDatabases.open(dialect,
                dir.resolve("one-at-a-time"));
        try {
            IncidentService oneByOne = IncidentService.create(single, clock, policies);
            // the batched service takes a first part alone (so the big batch joins incidents it did not open)
            List<AlertRecord> first = alerts.subList(0, 30);
            List<AlertRecord> rest = alerts.subList(30, alerts.size());
            first.forEach(a -> batched.onAlerts(List.of(a)));
            IntakeResult big = batched.onAlerts(rest);
            int opened = 0;
            int taken = 0;
            int known = 0;
            for (int i = 0; i < alerts.size(); i++) {
                IntakeResult r = oneByOne.onAlerts(List.of(alerts.get(i)));
                if (i >= 30) {
                    opened += r.opened();
                    taken += r.joined();
                    known += r.duplicates();
                }
            }
            assertThat(big.duplicates()).isEqualTo(known).isEqualTo(1);
            assertThat(big.opened()).isEqualTo(opened);
            assertThat(big.joined()).isEqualTo(taken);

            List<Incident> expected = oneByOne.list(A, IncidentQuery.all()).items();
            List<Incident> actual = batched.list(A, IncidentQuery.all()).items();
            assertThat(expected).hasSizeGreaterThan(3);
            assertThat(expected.stream().filter(i -> i.version() > 0)).as("escalations happened").isNotEmpty();
            assertThat(actual).isEqualTo(expected);
            for (Incident i : expected) {
                assertThat(batched.alertIds(A, i.id())).isEqualTo(oneByOne.alertIds(A, i.id()));
                assertThat(batched.evidence(A, i.id())).extracting(e -> e.kind() + ":" + e.ref() + ":" + e.note())
                        .isEqualTo(oneByOne.evidence(A, i.id()).stream()
                                .map(e -> e.kind() + ":" + e.ref() + ":" + e.note()).toList());
                assertThat(batched.timeline(A, i.id()).stream().filter(t -> !t.what().equals("alerts_joined"))
                        .map(t -> t.what() + ":" + t.oldValue() + ":" + t.newValue() + ":" + t.note()).toList())
                        .isEqualTo(oneByOne.timeline(A, i.id()).stream()
                                .filter(t -> !t.what().equals("alerts_joined"))
                                .map(t -> t.what() + ":" + t.oldValue() + ":" + t.newValue() + ":" + t.note())
                                .toList());
            }
        } finally {
            single.close();
        }
    }
}
