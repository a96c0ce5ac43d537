package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.mapping.LogSourceKey;
import org.medsoc.detect.mapping.LogSourceMatcher;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.detect.sigma.FieldMatchers;
import org.medsoc.detect.sigma.Logic;
import org.medsoc.detect.sigma.Matcher;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;

/**
 * Evaluates a set of Sigma rules on normalised events, indexed by log source.
 *
 * <p>Each rule is compiled once with the field mapping of its log source. Rules are grouped by log source, so an
 * event is tested against one log-source condition per group and against the rules of the groups it belongs to
 * only — not against every rule. Within a group, a multi-pattern prefilter skips most rules: every rule that has
 * a literal key set (literals of which every match contains at least one: a required literal, or one literal of each
 * value of a list) is entered in one case-folding Aho-Corasick automaton under each key; for each matching group
 * the values of the fields its keyed rules read are scanned one by one (each value at most once per event; every
 * value and the original text when a keyed rule of the group searches keywords), and only rules with a key present
 * are evaluated (rules without keys always are). The prefilter is sound because every string comparison of the
 * engine is case-insensitive or stricter, the automaton folds case at least as coarsely as any of them, and every
 * value a keyed rule can read is scanned before its group is evaluated. A rule whose log source or fields have no
 * mapping, or that cannot compile, is {@linkplain #refused() refused with its reason}, never silently dropped.
 * Immutable and thread-safe; evaluation with a per-thread {@link EventFieldsView} allocates only for keyword
 * (field-less) rules and regular expressions.
 */
public final class Detector {
    /** A rule the detector could not take, and why. */
    public record Refusal(String rule, String reason) {
        public Refusal {
            requireNonNull(rule, "rule is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * The rules of one log source: {@code always} are evaluated on each of its events, {@code keyed} only when the
     * prefilter marked them (their prefilter numbers are {@code base + i}); {@code readsOriginal} when a keyed rule
     * searches keywords, whose keys may occur in the event's original text only.
     */
    private record Group(
            LogSourceMatcher source, CompiledRule[] always, CompiledRule[] keyed, int base, boolean readsOriginal,
            FieldHandle[] keyedFields, RuleStatistics.Counter[] alwaysCounters,
            RuleStatistics.Counter[] keyedCounters) {
        Group bind(RuleStatistics statistics) {
            return new Group(source, always, keyed, base, readsOriginal, keyedFields, counters(always, statistics),
                    counters(keyed, statistics));
        }

        private static RuleStatistics.Counter[] counters(CompiledRule[] rules, RuleStatistics statistics) {
            RuleStatistics.Counter[] counters = new RuleStatistics.Counter[rules.length];
            for (int i = 0; i < rules.length; i++) {
                counters[i] = statistics.counter(RuleStatistics.key(rules[i].rule()));
            }
            return counters;
        }

        /** Splits the rules into always and keyed ones, entering the keys of the keyed ones in {@code byKey}. */
        static Group of(LogSourceMatcher source, List<CompiledRule> rules, int base, Map<String, List<Integer>> byKey,
                RuleStatistics statistics) {
            List<CompiledRule> always = new ArrayList<>();
            List<CompiledRule> keyed = new ArrayList<>();
            boolean readsOriginal = false;
            java.util.Set<String> fields = new java.util.TreeSet<>();
            for (CompiledRule r : rules) {
                java.util.Set<String> keys = r.anyOfLiterals();
                if (keys.isEmpty()) {
                    always.add(r);
                } else {
                    int number = base + keyed.size();
                    for (String key : keys) {
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(number);
                    }
                    keyed.add(r);
                    readsOriginal |= searchesKeywords(r.root());
                    fields.addAll(r.fields());
                }
            }
            CompiledRule[] alwaysRules = always.toArray(CompiledRule[]::new);
            CompiledRule[] keyedRules = keyed.toArray(CompiledRule[]::new);
            FieldHandle[] keyedFields = fields.stream().map(FieldHandle::new).toArray(FieldHandle[]::new);
            return new Group(source, alwaysRules, keyedRules, base, readsOriginal, keyedFields,
                    counters(alwaysRules, statistics), counters(keyedRules, statistics));
        }

        private static boolean searchesKeywords(Matcher m) {
            return switch (m) {
                case FieldMatchers.Keywords k -> true;
                case Logic.And a -> anySearchesKeywords(a.children());
                case Logic.Or o -> anySearchesKeywords(o.children());
                case Logic.AtLeast a -> anySearchesKeywords(a.children());
                case Logic.Not n -> searchesKeywords(n.child());
                default -> false; // field matchers and never-matching placeholders read fields only
            };
        }

        private static boolean anySearchesKeywords(Matcher[] children) {
            for (Matcher child : children) {
                if (searchesKeywords(child)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Group[] groups;
    private final @Nullable LiteralAutomaton prefilter;
    private final int keyedCount;
    private final List<Refusal> refused;
    private final int ruleCount;
    private final RuleStatistics statistics;

    private Detector(Group[] groups, @Nullable LiteralAutomaton prefilter, int keyedCount, List<Refusal> refused,
            int ruleCount, RuleStatistics statistics) {
        this.groups = groups;
        this.prefilter = prefilter;
        this.keyedCount = keyedCount;
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
        return new Detector(bound, prefilter, keyedCount, refused, ruleCount, statistics);
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
        Map<String, List<Integer>> rulesByKey = new HashMap<>();
        int keyed = 0;
        for (Map.Entry<LogSourceKey, List<CompiledRule>> e : byKey.entrySet()) {
            Group g = Group.of(matchers.get(e.getKey()), e.getValue(), keyed, rulesByKey, statistics);
            groups.add(g);
            keyed += g.keyed().length;
        }
        Map<String, int[]> keys = new HashMap<>();
        rulesByKey.forEach((k, v) -> keys.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        LiteralAutomaton prefilter = keys.isEmpty() ? null : LiteralAutomaton.build(keys);
        return new Detector(groups.toArray(Group[]::new), prefilter, keyed, refused, count, statistics);
    }

    /** Calls {@code matches} with every rule the event satisfies; answers how many rules were evaluated. */
    public int detect(Event event, EventFieldsView view, Consumer<CompiledRule> matches) {
        view.reset(event);
        int evaluated = 0;
        int epoch = 0;
        boolean originalScanned = false;
        for (Group g : groups) {
            if (!g.source().matches(event)) {
                continue;
            }
            CompiledRule[] always = g.always();
            RuleStatistics.Counter[] alwaysCounters = g.alwaysCounters();
            for (int i = 0; i < always.length; i++) {
                evaluated++;
                evaluate(always[i], alwaysCounters[i], view, matches);
            }
            CompiledRule[] keyed = g.keyed();
            LiteralAutomaton automaton = prefilter;
            if (keyed.length == 0 || automaton == null) {
                continue;
            }
            if (epoch == 0) {
                epoch = view.nextMarkEpoch(automaton.keyCount(), keyedCount);
            }
            int[] scanned = view.positionMarks;
            if (g.readsOriginal()) {
                // keyword search: every value and the original
                if (!originalScanned) {
                    for (int p = 0, n = event.size(); p < n; p++) {
                        if (scanned[p] != epoch) {
                            scanned[p] = epoch;
                            automaton.scan(event.valueAt(p), view.keyMarks, view.ruleMarks, epoch);
                        }
                    }
                    automaton.scan(event.original(), view.keyMarks, view.ruleMarks, epoch);
                    originalScanned = true;
                }
            } else {
                // the values of the fields the keyed rules read, one by one (a key never spans two values)
                for (FieldHandle field : g.keyedFields()) {
                    for (int p = view.first(field); p >= 0; p = view.nextPosition(p)) {
                        if (scanned[p] != epoch) {
                            scanned[p] = epoch;
                            automaton.scan(event.valueAt(p), view.keyMarks, view.ruleMarks, epoch);
                        }
                    }
                }
            }
            int[] marks = view.ruleMarks;
            int base = g.base();
            RuleStatistics.Counter[] keyedCounters = g.keyedCounters();
            for (int i = 0; i < keyed.length; i++) {
                if (marks[base + i] == epoch) {
                    evaluated++;
                    evaluate(keyed[i], keyedCounters[i], view, matches);
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
