package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.medsoc.detect.sigma.Logic;
import org.medsoc.detect.sigma.Matcher;
import org.medsoc.detect.sigma.RuleCompiler;
import org.medsoc.detect.sigma.RuleReader;

/** Entry points of the Sigma engine: parse and validate Sigma YAML, compile rules into matchers. */
public final class SigmaRules {
    private SigmaRules() {}

    /**
     * Parses and fully validates a Sigma rule (structure, modifiers, values, regexes, CIDRs, conditions).
     *
     * @param yaml the rule text
     * @param origin where it came from, used in messages and as {@link SigmaRule#origin()}
     * @throws ValidationException with every problem found when the rule is invalid
     * @throws UnsupportedRuleException for correlation rules, filters and multi-document files
     */
    public static SigmaRule parse(String yaml, String origin) {
        requireNonNull(yaml, "yaml is null");
        requireNonNull(origin, "origin is null");
        List<Problem> problems = new ArrayList<>();
        SigmaRule rule = RuleReader.read(yaml, origin, problems);
        if (rule == null) {
            throw new ValidationException(origin, problems);
        }
        RuleCompiler.compile(rule, FieldNameMapper.identity(), problems, new AtomicLong());
        if (!problems.isEmpty()) {
            throw new ValidationException(origin, problems);
        }
        return rule;
    }

    /**
     * Parses and fully validates every document of a Sigma YAML file: detection rules, meta filters and correlation
     * rules, several separated by {@code ---} (a correlation and the rules it names may share a file). References
     * between documents are resolved later, by {@link Detector} (filters) and {@link Correlator} (correlations).
     *
     * @param yaml the file text
     * @param origin where it came from; documents of a multi-document file get {@code origin#n} (n from 1)
     * @throws ValidationException with every problem of every document (paths prefixed {@code [n].}, n from 0, when
     *     the file has several documents)
     * @throws UnsupportedRuleException for Sigma 1 collections ({@code action: global})
     */
    public static SigmaDocuments parseDocuments(String yaml, String origin) {
        requireNonNull(yaml, "yaml is null");
        requireNonNull(origin, "origin is null");
        List<Problem> problems = new ArrayList<>();
        List<SigmaDocument> documents = RuleReader.readAll(yaml, origin, problems);
        for (int i = 0; i < documents.size(); i++) {
            SigmaDocument d = documents.get(i);
            String prefix = documentPrefix(d, origin);
            switch (d) {
                case SigmaRule rule -> validate(rule.detection(), "detection", prefix, problems);
                case SigmaFilter filter -> validate(filter.detection(), "filter", prefix, problems);
                case SigmaCorrelation correlation -> { }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(origin, problems);
        }
        return new SigmaDocuments(documents);
    }

    private static String documentPrefix(SigmaDocument d, String origin) {
        String o = d.origin();
        if (o.length() > origin.length() + 1 && o.startsWith(origin) && o.charAt(origin.length()) == '#') {
            return "[" + (Integer.parseInt(o.substring(origin.length() + 1)) - 1) + "].";
        }
        return "";
    }

    private static void validate(SigmaRule.Detection detection, String root, String prefix, List<Problem> problems) {
        List<Problem> found = new ArrayList<>();
        RuleCompiler.compile(detection, root, FieldNameMapper.identity(), Placeholders.none(), found, new AtomicLong());
        for (Problem p : found) {
            problems.add(new Problem(prefix + p.path(), p.message()));
        }
    }

    /** Compiles a parsed rule with the identity field mapping. */
    public static CompiledRule compile(SigmaRule rule) {
        return compile(rule, FieldNameMapper.identity());
    }

    /**
     * Compiles a parsed rule, mapping its field names with {@code mapper}.
     *
     * @throws UnsupportedRuleException when the rule needs something not configured, e.g. placeholder values
     * @throws ValidationException when the rule is invalid (only for rules not obtained from {@link #parse})
     */
    public static CompiledRule compile(SigmaRule rule, FieldNameMapper mapper) {
        return compile(rule, mapper, Placeholders.none());
    }

    /**
     * Compiles a parsed rule, mapping its field names with {@code mapper} and expanding {@code %name%} placeholders
     * of {@code expand} values with {@code placeholders}. A placeholder without values does not fail the
     * compilation: its item matches nothing and {@link CompiledRule#unresolvedPlaceholders()} names it.
     *
     * @throws UnsupportedRuleException when the rule needs a feature this engine lacks
     * @throws ValidationException when the rule is invalid (only for rules not obtained from {@link #parse})
     */
    public static CompiledRule compile(SigmaRule rule, FieldNameMapper mapper, Placeholders placeholders) {
        requireNonNull(rule, "rule is null");
        requireNonNull(mapper, "mapper is null");
        requireNonNull(placeholders, "placeholders is null");
        List<Problem> problems = new ArrayList<>();
        AtomicLong aborts = new AtomicLong();
        RuleCompiler.Result result = RuleCompiler.compile(rule, mapper, placeholders, problems, aborts);
        if (!problems.isEmpty()) {
            throw new ValidationException(rule.origin(), problems);
        }
        if (result.unsupported() != null) {
            throw new UnsupportedRuleException(rule.origin(), result.unsupported());
        }
        return new CompiledRule(rule, result.root(), result.fields(), aborts, result.unresolvedPlaceholders(), mapper);
    }

    /**
     * Compiles a rule with meta filters applied: it matches when its condition holds and no filter's condition
     * does. The filters' fields are mapped with the rule's {@code mapper}.
     */
    static CompiledRule compile(SigmaRule rule, FieldNameMapper mapper, Placeholders placeholders,
            List<SigmaFilter> filters) {
        CompiledRule base = compile(rule, mapper, placeholders);
        if (filters.isEmpty()) {
            return base;
        }
        List<Problem> problems = new ArrayList<>();
        List<Matcher> parts = new ArrayList<>();
        parts.add(base.root());
        Set<String> fields = new HashSet<>(base.fields());
        Set<String> unresolved = new TreeSet<>(base.unresolvedPlaceholders());
        for (SigmaFilter filter : filters) {
            RuleCompiler.Result result =
                    RuleCompiler.compile(filter.detection(), "filter", mapper, placeholders, problems,
                            base.regexAbortCounter());
            if (!problems.isEmpty()) {
                throw new ValidationException(filter.origin(), problems);
            }
            parts.add(new Logic.Not(result.root()));
            fields.addAll(result.fields());
            unresolved.addAll(result.unresolvedPlaceholders());
        }
        return new CompiledRule(rule, Logic.and(parts), fields, base.regexAbortCounter(), unresolved, mapper);
    }
}
