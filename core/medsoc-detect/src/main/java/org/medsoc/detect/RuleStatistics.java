package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-rule counters — evaluations, matches and evaluation time — kept by rule key (the rule's id, or its origin
 * when it has none). One instance outlives rule-set reloads: a new {@link Detector} is bound to the old statistics
 * with {@link Detector#withStatistics(RuleStatistics)}, so a rule's counters continue across reloads. Counting is
 * striped ({@link LongAdder}) so the pipeline's workers do not contend; evaluation time is sampled (about one
 * evaluation in {@value #SAMPLE_EVERY}, timed and scaled) to keep {@code System.nanoTime} off most evaluations.
 */
public final class RuleStatistics {
    /** One evaluation in this many is timed. */
    public static final int SAMPLE_EVERY = 16;

    /** A rule's counters at one moment. */
    public record Snapshot(long evaluations, long matches, long nanos) {
        /** Mean evaluation time in nanoseconds (estimated from samples), 0 before the first evaluation. */
        public double meanNanos() {
            return evaluations == 0 ? 0 : (double) nanos / evaluations;
        }
    }

    /** The live counters of one rule. */
    static final class Counter {
        final LongAdder evaluations = new LongAdder();
        final LongAdder matches = new LongAdder();
        final LongAdder nanos = new LongAdder();

        Snapshot snapshot() {
            return new Snapshot(evaluations.sum(), matches.sum(), nanos.sum());
        }
    }

    private final ConcurrentHashMap<String, Counter> byRule = new ConcurrentHashMap<>();

    Counter counter(String ruleKey) {
        return byRule.computeIfAbsent(requireNonNull(ruleKey, "ruleKey is null"), k -> new Counter());
    }

    /** The counters of one rule, empty when it has never been part of a detector using these statistics. */
    public Optional<Snapshot> snapshot(String ruleKey) {
        Counter c = byRule.get(ruleKey);
        return c == null ? Optional.empty() : Optional.of(c.snapshot());
    }

    /** Every rule's counters, by rule key in order. */
    public Map<String, Snapshot> snapshots() {
        Map<String, Snapshot> all = new TreeMap<>();
        byRule.forEach((k, c) -> all.put(k, c.snapshot()));
        return all;
    }

    /** The key counters are kept under for a rule: its id, or its origin when it has no id. */
    public static String key(SigmaRule rule) {
        return rule.id() != null ? rule.id() : rule.origin();
    }
}
