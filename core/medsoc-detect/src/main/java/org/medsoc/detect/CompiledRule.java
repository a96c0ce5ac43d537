package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.medsoc.detect.sigma.Matcher;

/** A Sigma rule compiled into a matcher tree; thread-safe and allocation-free for plain string matching. */
public final class CompiledRule {
    private final SigmaRule rule;
    private final Matcher root;
    private final Set<String> fields;
    private final List<String> requiredLiterals;
    private final java.util.@org.jspecify.annotations.Nullable Set<String> anyOfLiterals;
    private final AtomicLong regexAborts;
    private final Set<String> unresolvedPlaceholders;
    private final FieldNameMapper mapper;

    CompiledRule(SigmaRule rule, Matcher root, Set<String> fields, AtomicLong regexAborts) {
        this(rule, root, fields, regexAborts, Set.of(), FieldNameMapper.identity());
    }

    CompiledRule(SigmaRule rule, Matcher root, Set<String> fields, AtomicLong regexAborts,
            Set<String> unresolvedPlaceholders, FieldNameMapper mapper) {
        this.rule = requireNonNull(rule, "rule is null");
        this.root = requireNonNull(root, "root is null");
        this.fields = Set.copyOf(fields);
        this.requiredLiterals = List.copyOf(root.requiredLiterals());
        Set<String> anyOf = root.anyOfLiterals();
        this.anyOfLiterals = anyOf == null ? null : Set.copyOf(anyOf);
        this.regexAborts = regexAborts;
        this.unresolvedPlaceholders = Set.copyOf(unresolvedPlaceholders);
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    Matcher root() {
        return root;
    }

    AtomicLong regexAbortCounter() {
        return regexAborts;
    }

    /** The mapping from the rule's Sigma field names to the event field names it was compiled with. */
    public FieldNameMapper fieldNameMapper() {
        return mapper;
    }

    /** The rule this was compiled from. */
    public SigmaRule rule() {
        return rule;
    }

    /** Whether {@code event} satisfies the rule's condition. */
    public boolean matches(EventView event) {
        return root.matches(event);
    }

    /**
     * Lower-case literals that every matching event contains in some value (for a multi-pattern prefilter); empty
     * when none can be derived.
     */
    public List<String> requiredLiterals() {
        return requiredLiterals;
    }

    /**
     * Lower-case literals of which every match contains at least one (in some value of the event), or empty when
     * none can be derived; the key set of the detector's prefilter.
     */
    public Set<String> anyOfLiterals() {
        return anyOfLiterals == null ? Set.of() : anyOfLiterals;
    }

    /** The (mapped) field names the rule reads. */
    public Set<String> fields() {
        return fields;
    }

    /** How many regex evaluations were aborted for exceeding their backtracking budget (counted as non-match). */
    public long regexAborts() {
        return regexAborts.get();
    }

    /**
     * Names (without percent signs) of placeholders the rule expands that had no configured values; the items using
     * them match nothing. Empty when every placeholder resolved.
     */
    public Set<String> unresolvedPlaceholders() {
        return unresolvedPlaceholders;
    }

    @Override
    public String toString() {
        return "CompiledRule[" + rule.title() + " (" + rule.id() + ")]";
    }
}
