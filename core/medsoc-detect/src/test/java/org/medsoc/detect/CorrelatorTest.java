package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class CorrelatorTest {
    private static final long MINUTE = 60_000L;
    private static final long T0 = 1_760_000_000_000L;

    /** The documents of one file under sigma/correlation, its rules compiled with the identity mapping. */
    private static final class Fixture {
        final SigmaDocuments docs;
        final Map<String, CompiledRule> rules = new HashMap<>();
        final Correlator correlator;
        final List<CorrelationMatch> matches = new CopyOnWriteArrayList<>();
        int ids;

        Fixture(String file, CorrelationLimits limits) {
            docs = SigmaRules.parseDocuments(SigmaTestData.resource("correlation/" + file), file);
            for (SigmaRule r : docs.rules()) {
                rules.put(r.name() != null ? r.name() : r.id(), SigmaRules.compile(r));
            }
            correlator = Correlator.create(docs.correlations(), docs.rules(), limits);
        }

        Fixture(String file) {
            this(file, CorrelationLimits.defaults());
        }

        /** Observes a match of {@code rule} on an event at {@code time} with the given fields. */
        void match(String rule, long time, String... fields) {
            Event e = new Event(TenantId.DEFAULT, time, "");
            e.id("e" + ids++);
            for (int i = 0; i < fields.length; i += 2) {
                e.put(Fields.intern(fields[i]), fields[i + 1]);
            }
            CompiledRule compiled = rules.get(rule);
            assertThat(compiled.matches(new EventFieldsView(e))).as("test event must match " + rule).isTrue();
            correlator.observe(compiled, e, matches::add);
        }

        List<String> titles() {
            return matches.stream().map(m -> m.correlation().title()).toList();
        }
    }

    @Test
    void readsTheSpecificationExampleAsOneFile() {
        SigmaDocuments docs = SigmaRules.parseDocuments(
                SigmaTestData.resource("correlation/spec_failed_logins_then_success.yml"), "spec.yml");
        assertThat(docs.rules()).extracting(SigmaRule::name).containsExactly("failed_login", "successful_login");
        assertThat(docs.correlations()).hasSize(2);
        SigmaCorrelation outer = docs.correlations().get(0);
        assertThat(outer.type()).isEqualTo(SigmaCorrelation.Type.TEMPORAL_ORDERED);
        assertThat(outer.rules()).containsExactly("multiple_failed_login", "successful_login");
        assertThat(outer.groupBy()).containsExactly("User");
        assertThat(outer.timespanMillis()).isEqualTo(10 * MINUTE);
        assertThat(outer.level()).isEqualTo("high");
        assertThat(outer.generate()).isFalse();
        assertThat(outer.origin()).isEqualTo("spec.yml#1");
        // temporal without a condition: all rules
        assertThat(outer.condition().test(1)).isFalse();
        assertThat(outer.condition().test(2)).isTrue();
        SigmaCorrelation inner = docs.correlations().get(1);
        assertThat(inner.name()).isEqualTo("multiple_failed_login");
        assertThat(inner.condition().bounds())
                .containsExactly(new SigmaCorrelation.Bound(SigmaCorrelation.Operator.GTE, 10));
    }

    @Test
    void reportsEveryProblemOfInvalidCorrelationsAtOnce() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> SigmaRules.parseDocuments(
                SigmaTestData.resource("correlation/invalid_many_problems.yml"), "bad.yml"));
        assertThat(e.problems()).extracting(Problem::path).contains(
                "[0].level", "[0].generate", "[0].correlation.type", "[0].correlation.rules",
                "[0].correlation.timespan", "[0].correlation.condition.gte", "[0].correlation.condition.between",
                "[0].correlation.frobnicate", "[1].correlation.condition.field");
    }

    @Test
    void eventCountMatchesAtTheThresholdOncePerBurstAndPerGroup() {
        Fixture f = new Fixture("spec_event_count.yml");
        String rule = "5638f7c0-ac70-491d-8465-2a65075e0d86";
        for (int i = 0; i < 99; i++) {
            f.match(rule, T0 + i * 1000L, "Outcome", "failure", "ComputerName", "ward-1");
            f.match(rule, T0 + i * 1000L, "Outcome", "failure", "ComputerName", "ward-2");
        }
        assertThat(f.matches).isEmpty(); // below the threshold in both groups
        f.match(rule, T0 + 100_000, "Outcome", "failure", "ComputerName", "ward-1");
        assertThat(f.matches).singleElement().satisfies(m -> {
            assertThat(m.groupKey()).containsExactly(Map.entry("ComputerName", "ward-1"));
            assertThat(m.value()).isEqualTo(100);
            assertThat(m.memberEventIds()).hasSize(100);
            assertThat(m.firstMillis()).isEqualTo(T0);
            assertThat(m.lastMillis()).isEqualTo(T0 + 100_000);
        });
        // the window was reset: the next event of the burst does not match again
        f.match(rule, T0 + 101_000, "Outcome", "failure", "ComputerName", "ward-1");
        assertThat(f.matches).hasSize(1);
        assertThat(f.correlator.stats().of("0e95725d-7320-415d-80f7-004da920fc11").matches()).isEqualTo(1);
    }

    @Test
    void eventCountIgnoresEventsSpreadBeyondTheTimespan() {
        Fixture f = new Fixture("spec_event_count.yml");
        String rule = "5638f7c0-ac70-491d-8465-2a65075e0d86";
        // 200 events, one every 37 s: never 100 within an hour
        for (int i = 0; i < 200; i++) {
            f.match(rule, T0 + i * 37_000L, "Outcome", "failure", "ComputerName", "ward-1");
        }
        assertThat(f.matches).isEmpty();
        assertThat(f.correlator.stats().correlations().getFirst().events()).isLessThanOrEqualTo(98);
    }

    @Test
    void acceptsOutOfOrderEventsWithinTheWindowAndDropsLateOnes() {
        Fixture f = new Fixture("spec_event_count.yml");
        String rule = "5638f7c0-ac70-491d-8465-2a65075e0d86";
        f.match(rule, T0 + 2 * 3_600_000L, "Outcome", "failure", "ComputerName", "c");
        // three hours before the latest: outside its window, dropped
        f.match(rule, T0 - 3_600_000L, "Outcome", "failure", "ComputerName", "c");
        assertThat(f.correlator.stats().correlations().getFirst().droppedEvents()).isEqualTo(1);
        // 99 more, arriving in reverse time order but all within the hour before the latest
        for (int i = 99; i >= 1; i--) {
            f.match(rule, T0 + 2 * 3_600_000L - i * 10_000L, "Outcome", "failure", "ComputerName", "c");
        }
        assertThat(f.matches).singleElement().satisfies(m -> {
            assertThat(m.firstMillis()).isEqualTo(T0 + 2 * 3_600_000L - 990_000L);
            assertThat(m.lastMillis()).isEqualTo(T0 + 2 * 3_600_000L);
        });
    }

    @Test
    void valueCountCountsDistinctValuesPerGroup() {
        Fixture f = new Fixture("spec_value_count.yml");
        String rule = "5638f7c0-ac70-491d-8465-2a65075e0d86";
        for (int i = 0; i < 150; i++) {
            // the same 50 users again and again: never 100 distinct
            f.match(rule, T0 + i, "Outcome", "failure", "ComputerName", "dc1", "WorkstationName", "ws1", "User",
                    "u" + (i % 50));
        }
        for (int i = 0; i < 99; i++) {
            // 99 distinct users, but on another workstation: another group
            f.match(rule, T0 + i, "Outcome", "failure", "ComputerName", "dc1", "WorkstationName", "ws2", "User",
                    "v" + i);
        }
        assertThat(f.matches).isEmpty();
        for (int i = 50; i < 100; i++) {
            f.match(rule, T0 + 1000 + i, "Outcome", "failure", "ComputerName", "dc1", "WorkstationName", "ws1",
                    "User", "u" + i);
        }
        assertThat(f.matches).singleElement().satisfies(m -> {
            assertThat(m.groupKey()).containsExactly(Map.entry("ComputerName", "dc1"),
                    Map.entry("WorkstationName", "ws1"));
            assertThat(m.value()).isEqualTo(100);
        });
    }

    @Test
    void temporalNeedsEveryRuleInAnyOrderWithinTheTimespanForTheSameGroup() {
        Fixture f = new Fixture("spec_temporal.yml");
        f.match("recon_cmd_c", T0, "Command", "nltest", "ComputerName", "pc", "User", "eve");
        f.match("recon_cmd_a", T0 + MINUTE, "Command", "whoami", "ComputerName", "pc", "User", "eve");
        f.match("recon_cmd_b", T0 + 2 * MINUTE, "Command", "net group", "ComputerName", "pc", "User", "bob");
        assertThat(f.matches).isEmpty(); // b was another user
        f.match("recon_cmd_b", T0 + 2 * MINUTE, "Command", "net group", "ComputerName", "pc", "User", "eve");
        assertThat(f.matches).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(3));

        // the third command six minutes after the first: outside the 5-minute window
        f.match("recon_cmd_a", T0 + 10 * MINUTE, "Command", "whoami", "ComputerName", "pc", "User", "eve");
        f.match("recon_cmd_b", T0 + 11 * MINUTE, "Command", "net group", "ComputerName", "pc", "User", "eve");
        f.match("recon_cmd_c", T0 + 16 * MINUTE, "Command", "nltest", "ComputerName", "pc", "User", "eve");
        assertThat(f.matches).hasSize(1);
        // repeated matches of one rule are not enough
        for (int i = 0; i < 5; i++) {
            f.match("recon_cmd_c", T0 + 17 * MINUTE, "Command", "nltest", "ComputerName", "pc", "User", "eve");
        }
        assertThat(f.matches).hasSize(1);
    }

    @Test
    void chainedSpecExampleNeedsTenFailuresThenASuccessInOrder() {
        Fixture f = new Fixture("spec_failed_logins_then_success.yml");
        // success first, then ten failures: wrong order for temporal_ordered
        f.match("successful_login", T0, "EventID", "4624", "User", "alice");
        for (int i = 1; i <= 10; i++) {
            f.match("failed_login", T0 + i * 1000L, "EventID", "4625", "User", "alice");
        }
        assertThat(f.titles()).containsExactly("Multiple failed logons");
        // nine failures of bob, then a success: the inner threshold is not reached
        for (int i = 0; i < 9; i++) {
            f.match("failed_login", T0 + i * 1000L, "EventID", "4625", "User", "bob");
        }
        f.match("successful_login", T0 + 20_000, "EventID", "4624", "User", "bob");
        assertThat(f.matches).hasSize(1);
        // a success of alice after her burst: the outer correlation matches, with the members of both
        f.match("successful_login", T0 + 30_000, "EventID", "4624", "User", "alice");
        assertThat(f.titles()).containsExactly("Multiple failed logons",
                "Correlation - Multiple Failed Logins Followed by Successful Login");
        CorrelationMatch outer = f.matches.getLast();
        assertThat(outer.groupKey()).containsExactly(Map.entry("User", "alice"));
        // members are every event held in the group's window: alice's early success, her ten failures, the success
        assertThat(outer.memberEventIds()).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9",
                "e10", "e21");
        assertThat(outer.firstMillis()).isEqualTo(T0);
        assertThat(outer.lastMillis()).isEqualTo(T0 + 30_000);
        // a later success 20 minutes on, after a new burst long ago: outside the 10-minute window
        f.match("successful_login", T0 + 40 * MINUTE, "EventID", "4624", "User", "alice");
        assertThat(f.matches).hasSize(2);
    }

    @Test
    void aliasesGroupDifferentFieldsOfDifferentRules() {
        Fixture f = new Fixture("spec_aliases.yml");
        f.match("internal_error", T0, "http.response.status_code", "500", "destination.ip", "10.0.0.5",
                "source.ip", "203.0.113.9");
        // the connection goes the other way: source is the internal host
        f.match("new_network_connection", T0 + 3000, "event.category", "network", "event.type", "connection",
                "event.outcome", "success", "source.ip", "10.0.0.6", "destination.ip", "203.0.113.9");
        assertThat(f.matches).isEmpty(); // another internal host
        f.match("new_network_connection", T0 + 4000, "event.category", "network", "event.type", "connection",
                "event.outcome", "success", "source.ip", "10.0.0.5", "destination.ip", "203.0.113.9");
        assertThat(f.matches).singleElement().satisfies(m -> assertThat(m.groupKey()).containsExactly(
                Map.entry("internal_ip", "10.0.0.5"), Map.entry("remote_ip", "203.0.113.9")));
    }

    @Test
    void valueSumAverageAndPercentile() {
        Fixture sum = new Fixture("spec_value_metrics.yml");
        for (int i = 0; i < 8; i++) {
            sum.match("website_access", T0 + i * MINUTE, "Kind", "web", "SourceIP", "10.1.1.1", "User", "x",
                    "bytes_sent", "125000");
        }
        assertThat(sum.matches).isEmpty(); // exactly 1,000,000: not greater
        sum.match("website_access", T0 + 9 * MINUTE, "Kind", "web", "SourceIP", "10.1.1.1", "User", "x",
                "bytes_sent", "1");
        assertThat(sum.matches).singleElement().satisfies(m -> {
            assertThat(m.correlation().type()).isEqualTo(SigmaCorrelation.Type.VALUE_SUM);
            assertThat(m.value()).isEqualTo(1_000_001);
        });

        Fixture avg = new Fixture("spec_value_metrics.yml");
        avg.match("rule_a_id", T0, "Kind", "flow", "SourceIP", "h", "User", "u", "BytesOut", "400");
        avg.match("rule_a_id", T0 + 1, "Kind", "flow", "SourceIP", "h", "User", "u", "BytesOut", "600");
        assertThat(avg.matches).isEmpty(); // average 500
        avg.match("rule_a_id", T0 + 2, "Kind", "flow", "SourceIP", "h", "User", "u", "BytesOut", "503");
        assertThat(avg.matches).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(501));

        Fixture rare = new Fixture("spec_value_metrics.yml");
        for (int i = 0; i < 150; i++) {
            rare.match("process_creation", T0 + i, "Kind", "process", "ComputerName", "pc", "image",
                    "svchost.exe");
        }
        assertThat(rare.matches).isEmpty(); // the common process is 100 % of the window
        rare.match("process_creation", T0 + 200, "Kind", "process", "ComputerName", "pc", "image", "mimikatz.exe");
        assertThat(rare.matches).singleElement().satisfies(m -> {
            assertThat(m.correlation().type()).isEqualTo(SigmaCorrelation.Type.VALUE_PERCENTILE);
            assertThat(m.value()).isLessThanOrEqualTo(1);
        });
    }

    @Test
    void sumOfNineLargeTransfersExceedsTheLimit() {
        Fixture f = new Fixture("spec_value_metrics.yml");
        for (int i = 0; i < 9; i++) {
            f.match("website_access", T0 + i * MINUTE, "Kind", "web", "SourceIP", "10.1.1.1", "User", "x",
                    "bytes_sent", "120000");
            f.match("website_access", T0 + i * MINUTE, "Kind", "web", "SourceIP", "10.1.1.1", "User", "x",
                    "bytes_sent", "n/a");
        }
        // 1,080,000 > 1,000,000 on the ninth; non-numeric values are not summed
        assertThat(f.matches).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(1_080_000));
    }

    @Test
    void evictsTheLeastRecentlyUpdatedGroupAndDropsTheOldestEventWhenFull() {
        Fixture f = new Fixture("spec_event_count.yml", new CorrelationLimits(2, 50));
        String rule = "5638f7c0-ac70-491d-8465-2a65075e0d86";
        f.match(rule, T0, "Outcome", "failure", "ComputerName", "a");
        f.match(rule, T0 + 1, "Outcome", "failure", "ComputerName", "b");
        f.match(rule, T0 + 2, "Outcome", "failure", "ComputerName", "a");
        f.match(rule, T0 + 3, "Outcome", "failure", "ComputerName", "c"); // evicts b
        CorrelationState.Entry s = f.correlator.stats().correlations().getFirst();
        assertThat(s.groups()).isEqualTo(2);
        assertThat(s.evictions()).isEqualTo(1);
        assertThat(s.events()).isEqualTo(3);
        for (int i = 0; i < 200; i++) {
            f.match(rule, T0 + 10 + i, "Outcome", "failure", "ComputerName", "a");
        }
        s = f.correlator.stats().correlations().getFirst();
        assertThat(s.events()).isEqualTo(51); // 50 of a, 1 of c
        assertThat(s.droppedEvents()).isEqualTo(152);
        assertThat(f.matches).isEmpty(); // never more than 50 held: the threshold of 100 is out of reach
    }

    @Test
    void expireRemovesStateOlderThanTheTimespan() {
        Fixture f = new Fixture("spec_temporal.yml");
        f.match("recon_cmd_a", T0, "Command", "whoami", "ComputerName", "pc", "User", "eve");
        f.match("recon_cmd_a", T0 + 4 * MINUTE, "Command", "whoami", "ComputerName", "pc2", "User", "eve");
        f.correlator.expire(T0 + 6 * MINUTE);
        CorrelationState.Entry s = f.correlator.stats().correlations().getFirst();
        assertThat(s.groups()).isEqualTo(1);
        assertThat(s.events()).isEqualTo(1);
        f.correlator.expire(T0 + 10 * MINUTE);
        assertThat(f.correlator.stats().correlations().getFirst().groups()).isZero();
    }

    @Test
    void refusesUnknownReferencesCyclesAndWhatDependsOnThem() {
        SigmaDocuments docs = SigmaRules.parseDocuments(SigmaTestData.resource("correlation/chain_cycle.yml"), "c");
        Correlator correlator = Correlator.create(docs.correlations(), List.of(), CorrelationLimits.defaults());
        assertThat(correlator.correlations()).isEmpty();
        assertThat(correlator.refused()).extracting(Detector.Refusal::rule)
                .containsExactlyInAnyOrder("corr_a", "corr_b", "corr_c", "corr_d");
        assertThat(correlator.refused()).filteredOn(r -> r.rule().equals("corr_c")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("no_such_rule"));
        assertThat(correlator.refused()).filteredOn(r -> r.rule().equals("corr_d")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("refused"));
        assertThat(correlator.refused()).filteredOn(r -> r.rule().equals("corr_a")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("cycle"));
    }

    @Test
    void baseRulesReferencedOnlyWithoutGenerateDoNotAlertOnTheirOwn() {
        Fixture f = new Fixture("generate.yml");
        assertThat(f.correlator.generatesOwnAlerts(f.rules.get("login"))).isTrue();
        assertThat(f.correlator.generatesOwnAlerts(f.rules.get("failure"))).isFalse();
        assertThat(f.correlator.generatesOwnAlerts(f.rules.get("other"))).isTrue();
    }

    @Test
    void concurrentObserversLoseNoCounts() throws InterruptedException {
        Fixture f = new Fixture("generate.yml"); // event_count gte 3 on "login" per User
        CompiledRule login = f.rules.get("login");
        int threads = 4;
        int perThread = 10_000;
        AtomicInteger emitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    Event e = new Event(TenantId.DEFAULT, T0 + (i % 7) * 1000L + offset, "");
                    e.put(Fields.intern("Action"), "login");
                    e.put(Fields.intern("User"), "shared");
                    f.correlator.observe(login, e, m -> emitted.incrementAndGet());
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(60_000);
        }
        // 40,000 events in one group, a match every third event, the window reset after each
        int total = threads * perThread;
        assertThat(emitted.get()).isEqualTo(total / 3);
        CorrelationState.Entry s = f.correlator.stats().correlations().getFirst();
        assertThat(s.matches()).isEqualTo(total / 3);
        assertThat(s.events()).isEqualTo(total % 3);
        assertThat(s.droppedEvents()).isZero();
    }

    @Test
    void readsGroupByFieldsThroughTheRulesLogSourceMapping() {
        SigmaDocuments docs = SigmaRules.parseDocuments(
                SigmaTestData.resource("correlation/spec_failed_logins_then_success.yml"), "spec.yml");
        Detector detector = Detector.create(docs.rules(), MappingPipeline.loadDefaults());
        assertThat(detector.refused()).isEmpty();
        Correlator correlator = Correlator.create(docs.correlations(), docs.rules(), CorrelationLimits.defaults());
        assertThat(correlator.refused()).isEmpty();
        String userField = detector.rules().getFirst().fieldNameMapper().map("User");
        assertThat(userField).isNotEqualTo("User");
        List<CorrelationMatch> matches = new ArrayList<>();
        EventFieldsView view = new EventFieldsView(new Event(TenantId.DEFAULT, 0, ""));
        for (int i = 0; i <= 10; i++) {
            Event e = new Event(TenantId.DEFAULT, T0 + i * 1000L, "login");
            e.id("w" + i);
            e.put(Fields.WINLOG_CHANNEL, "Security");
            e.put(Fields.WINLOG_EVENT_ID, i < 10 ? "4625" : "4624");
            e.put(Fields.intern(userField), "alice");
            detector.detect(e, view, rule -> {
                assertThat(correlator.generatesOwnAlerts(rule)).isFalse();
                correlator.observe(rule, e, matches::add);
            });
        }
        assertThat(matches).extracting(m -> m.correlation().title()).containsExactly("Multiple failed logons",
                "Correlation - Multiple Failed Logins Followed by Successful Login");
        assertThat(matches.getLast().groupKey()).containsExactly(Map.entry("User", "alice"));
    }
}
