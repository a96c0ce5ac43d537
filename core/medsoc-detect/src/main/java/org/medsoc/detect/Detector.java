package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.mapping.LogSourceKey;
import org.medsoc.detect.mapping.LogSourceMatcher;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;

/**
 * Evaluates a set of Sigma rules on normalised events, indexed by log source.
 *
 * <p>Each rule is compiled once with the field mapping of its log source. Rules are grouped by log source, so an
 * event is tested against one log-source condition per group and against the rules of the groups it belongs to
 * only — not against every rule. Within a group, a multi-pattern prefilter skips most rules: every rule that has
 * a literal key set (literals of which every match contains at least one: a required literal, or one literal of each
 * value of a list) is entered in an Aho-Corasick automaton under each key, the event's values are scanned once, and
 * only rules with a key present are evaluated (rules without keys always are). The prefilter is sound because matching is case-insensitive or stricter and every value a rule can read is
 * part of the scanned text. A rule whose log source or fields have no mapping, or that cannot compile, is
 * {@linkplain #refused() refused with its reason}, never silently dropped. Immutable and thread-safe; evaluation
 * allocates only for keyword (field-less) rules.
 */
public final class Detector {
    /** A rule the detector could not take, and why. */
    public record Refusal(String rule, String reason) {
        public Refusal {
            requireNonNull(rule, "rule is null");
            requireNonNull(reason, "reason is null");
        }
    }

    private record Group(
            LogSourceMatcher source, CompiledRule[] always, CompiledRule[] keyed, @Nullable Trie trie,
            Map<String, int[]> byLiteral, RuleStatistics.Counter[] alwaysCounters,
            RuleStatistics.Counter[] keyedCounters) {
        Group bind(RuleStatistics statistics) {
            return new Group(source, always, keyed, trie, byLiteral, counters(always, statistics),
                    counters(keyed, statistics));
        }

        private static RuleStatistics.Counter[] counters(CompiledRule[] rules, RuleStatistics statistics) {
            RuleStatistics.Counter[] counters = new RuleStatistics.Counter[rules.length];
            for (int i = 0; i < rules.length; i++) {
                counters[i] = statistics.counter(RuleStatistics.key(rules[i].rule()));
            }
            return counters;
        }

        static Group of(LogSourceMatcher source, List<CompiledRule> rules, RuleStatistics statistics) {
            List<CompiledRule> always = new ArrayList<>();
            List<CompiledRule> keyed = new ArrayList<>();
            Map<String, List<Integer>> byLiteral = new HashMap<>();
            for (CompiledRule r : rules) {
                java.util.Set<String> keys = r.anyOfLiterals();
                if (keys.isEmpty()) {
                    always.add(r);
                } else {
                    for (String key : keys) {
                        byLiteral.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(keyed.size());
                    }
                    keyed.add(r);
                }
            }
            Trie trie = byLiteral.isEmpty()
                    ? null
                    : Trie.builder().ignoreCase().addKeywords(byLiteral.keySet()).build();
            Map<String, int[]> index = new HashMap<>();
            byLiteral.forEach((k, v) -> index.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
            CompiledRule[] alwaysRules = always.toArray(CompiledRule[]::new);
            CompiledRule[] keyedRules = keyed.toArray(CompiledRule[]::new);
            return new Group(source, alwaysRules, keyedRules, trie, index, counters(alwaysRules, statistics),
                    counters(keyedRules, statistics));
        }
    }

    private final Group[] groups;
    private final List<Refusal> refused;
    private final int ruleCount;
    private final RuleStatistics statistics;

    private Detector(Group[] groups, List<Refusal> refused, int ruleCount, RuleStatistics statistics) {
        this.groups = groups;
        this.refused = List.copyOf(refused);
        this.ruleCount = ruleCount;
        this.statistics = statistics;
    }

    /**
     * The same rules counting into {@code statistics} (typically the statistics of the detector this one replaces,
     * so counters continue across a reload).
     */
    public Detector withStatistics(RuleStatistics statistics) {
        requireNonNull(statistics, "statistics is null");
        Group[] bound = new Group[groups.length];
        for (int i = 0; i < groups.length; i++) {
            bound[i] = groups[i].bind(statistics);
        }
        return new Detector(bound, refused, ruleCount, statistics);
    }

    /** The per-rule counters this detector counts into. */
    public RuleStatistics statistics() {
        return statistics;
    }

    /** Every rule taken, in evaluation order within log-source groups. */
    public List<CompiledRule> rules() {
        List<CompiledRule> all = new ArrayList<>(ruleCount);
        for (Group g : groups) {
            all.addAll(List.of(g.always()));
            all.addAll(List.of(g.keyed()));
        }
        return all;
    }

    /** Compiles the rules against the mappings and groups them by log source. */
    public static Detector create(List<SigmaRule> rules, MappingPipeline mappings) {
        return create(rules, List.of(), mappings, Placeholders.none());
    }

    /** Compiles the rules against the mappings, expanding placeholders, and groups them by log source. */
    public static Detector create(List<SigmaRule> rules, MappingPipeline mappings, Placeholders placeholders) {
        return create(rules, List.of(), mappings, placeholders);
    }

    /**
     * Compiles the rules with the meta filters that name them (by id or name), against the mappings, expanding
     * placeholders. A filtered rule matches only when its condition holds and no filter's condition does; filter
     * fields map through the rule's log-source mapping. A filter naming a rule that is not among {@code rules}, or
     * whose log source differs from the named rule's, is {@linkplain #refused() refused}.
     */
    public static Detector create(List<SigmaRule> rules, List<SigmaFilter> filters, MappingPipeline mappings,
            Placeholders placeholders) {
        requireNonNull(placeholders, "placeholders is null");
        Map<LogSourceKey, List<CompiledRule>> byKey = new LinkedHashMap<>();
        Map<LogSourceKey, LogSourceMatcher> matchers = new LinkedHashMap<>();
        List<Refusal> refused = new ArrayList<>();
        Map<SigmaRule, List<SigmaFilter>> filtersOf = FilterBinding.bind(rules, filters, refused);
        int count = 0;
        for (SigmaRule rule : rules) {
            SigmaRule.LogSource ls = rule.logsource();
            LogSourceKey key = new LogSourceKey(ls.product(), ls.category(), ls.service());
            Optional<LogSourceMatcher> matcher = mappings.logSource(key);
            String name = rule.id() != null ? rule.id() : rule.origin();
            if (matcher.isEmpty()) {
                refused.add(new Refusal(name, "no mapping for logsource " + key));
                continue;
            }
            try {
                CompiledRule compiled = SigmaRules.compile(rule, mappings.fieldNameMapper(key), placeholders,
                        filtersOf.getOrDefault(rule, List.of()));
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(compiled);
                matchers.put(key, matcher.get());
                count++;
            } catch (MedsocException e) {
                refused.add(new Refusal(name, String.valueOf(e.getMessage())));
            }
        }
        List<Group> groups = new ArrayList<>();
        RuleStatistics statistics = new RuleStatistics();
        byKey.forEach((key, list) -> groups.add(Group.of(matchers.get(key), list, statistics)));
        return new Detector(groups.toArray(Group[]::new), refused, count, statistics);
    }

    /** Calls {@code matches} with every rule the event satisfies; answers how many rules were evaluated. */
    public int detect(Event event, EventFieldsView view, Consumer<CompiledRule> matches) {
        view.reset(event);
        int evaluated = 0;
        String haystack = null;
        for (Group g : groups) {
            if (!g.source().matches(event)) {
                continue;
            }
            CompiledRule[] always = g.always();
            for (int i = 0; i < always.length; i++) {
                evaluated++;
                evaluate(always[i], g.alwaysCounters()[i], view, matches);
            }
            Trie trie = g.trie();
            if (trie == null) {
                continue;
            }
            if (haystack == null) {
                haystack = haystack(event);
            }
            boolean[] candidate = new boolean[g.keyed().length];
            Map<String, int[]> byLiteral = g.byLiteral();
            trie.parseText(haystack, (Emit emit) -> {
                int[] rules = byLiteral.get(emit.getKeyword());
                if (rules != null) {
                    for (int i : rules) {
                        candidate[i] = true;
                    }
                }
                return true;
            });
            CompiledRule[] keyed = g.keyed();
            for (int i = 0; i < keyed.length; i++) {
                if (candidate[i]) {
                    evaluated++;
                    evaluate(keyed[i], g.keyedCounters()[i], view, matches);
                }
            }
        }
        return evaluated;
    }

    private static void evaluate(
            CompiledRule rule, RuleStatistics.Counter counter, EventFieldsView view, Consumer<CompiledRule> matches) {
        counter.evaluations.increment();
        boolean matched;
        if (view.sampleNext()) {
            long t0 = System.nanoTime();
            matched = rule.matches(view);
            counter.nanos.add((System.nanoTime() - t0) * RuleStatistics.SAMPLE_EVERY);
        } else {
            matched = rule.matches(view);
        }
        if (matched) {
            counter.matches.increment();
            matches.accept(rule);
        }
    }

    /** Every value of the event and its original, separated so that no literal spans two of them. */
    private static String haystack(Event event) {
        StringBuilder sb = new StringBuilder(event.original().length() * 2 + 64);
        for (int i = 0; i < event.size(); i++) {
            sb.append(event.valueAt(i)).append('\u0000');
        }
        return sb.append(event.original()).toString();
    }

    /** Rules that were not taken, with reasons. */
    public List<Refusal> refused() {
        return refused;
    }

    /**
     * Per rule (id, else origin) with placeholders lacking configured values, their names; those items match
     * nothing until {@code detect.placeholder.<name>} is set.
     */
    public Map<String, java.util.Set<String>> unresolvedPlaceholders() {
        Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        for (CompiledRule r : rules()) {
            if (!r.unresolvedPlaceholders().isEmpty()) {
                SigmaRule rule = r.rule();
                out.put(rule.id() != null ? rule.id() : rule.origin(), r.unresolvedPlaceholders());
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Number of rules taken. */
    public int ruleCount() {
        return ruleCount;
    }

    /** Number of distinct log sources among the rules taken. */
    public int logSourceCount() {
        return groups.length;
    }
}
