package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.medsoc.detect.sigma.RuleCompiler;
import org.medsoc.detect.sigma.RuleReader;

/** Entry points of the Sigma engine: parse and validate rule YAML, compile rules into matchers. */
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
        requireNonNull(rule, "rule is null");
        requireNonNull(mapper, "mapper is null");
        List<Problem> problems = new ArrayList<>();
        AtomicLong aborts = new AtomicLong();
        RuleCompiler.Result result = RuleCompiler.compile(rule, mapper, problems, aborts);
        if (!problems.isEmpty()) {
            throw new ValidationException(rule.origin(), problems);
        }
        if (result.unsupported() != null) {
            throw new UnsupportedRuleException(rule.origin(), result.unsupported());
        }
        return new CompiledRule(rule, result.root(), result.fields(), aborts);
    }
}
