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
            Map<String, int[]> byLiteral) {
        static Group of(LogSourceMatcher source, List<CompiledRule> rules) {
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
            return new Group(source, always.toArray(CompiledRule[]::new), keyed.toArray(CompiledRule[]::new), trie,
                    index);
        }
    }

    private final Group[] groups;
    private final List<Refusal> refused;
    private final int ruleCount;

    private Detector(Group[] groups, List<Refusal> refused, int ruleCount) {
        this.groups = groups;
        this.refused = List.copyOf(refused);
        this.ruleCount = ruleCount;
    }

    /** Compiles the rules against the mappings and groups them by log source. */
    public static Detector create(List<SigmaRule> rules, MappingPipeline mappings) {
        Map<LogSourceKey, List<CompiledRule>> byKey = new LinkedHashMap<>();
        Map<LogSourceKey, LogSourceMatcher> matchers = new LinkedHashMap<>();
        List<Refusal> refused = new ArrayList<>();
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
                CompiledRule compiled = SigmaRules.compile(rule, mappings.fieldNameMapper(key));
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(compiled);
                matchers.put(key, matcher.get());
                count++;
            } catch (MedsocException e) {
                refused.add(new Refusal(name, String.valueOf(e.getMessage())));
            }
        }
        List<Group> groups = new ArrayList<>();
        byKey.forEach((key, list) -> groups.add(Group.of(matchers.get(key), list)));
        return new Detector(groups.toArray(Group[]::new), refused, count);
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
            for (CompiledRule r : g.always()) {
                evaluated++;
                if (r.matches(view)) {
                    matches.accept(r);
                }
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
                    if (keyed[i].matches(view)) {
                        matches.accept(keyed[i]);
                    }
                }
            }
        }
        return evaluated;
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

    /** Number of rules taken. */
    public int ruleCount() {
        return ruleCount;
    }

    /** Number of distinct log sources among the rules taken. */
    public int logSourceCount() {
        return groups.length;
    }
}
