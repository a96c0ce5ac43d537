package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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
 * only — not against every rule. A rule whose log source or fields have no mapping, or that cannot compile, is
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

    private record Group(LogSourceMatcher source, CompiledRule[] rules) {}

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
        byKey.forEach((key, list) -> groups.add(new Group(matchers.get(key), list.toArray(CompiledRule[]::new))));
        return new Detector(groups.toArray(Group[]::new), refused, count);
    }

    /** Calls {@code matches} with every rule the event satisfies; answers how many rules were evaluated. */
    public int detect(Event event, EventFieldsView view, Consumer<CompiledRule> matches) {
        view.reset(event);
        int evaluated = 0;
        for (Group g : groups) {
            if (!g.source().matches(event)) {
                continue;
            }
            for (CompiledRule r : g.rules()) {
                evaluated++;
                if (r.matches(view)) {
                    matches.accept(r);
                }
            }
        }
        return evaluated;
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
