package org.medsoc.detect.sigma;

import java.util.List;
import org.medsoc.detect.EventView;

/** A node of a compiled rule: decides on one event without allocating (except regex and CIDR v6 checks). */
public interface Matcher {
    /** Whether the event satisfies this node. */
    boolean matches(EventView event);

    /** Literals (lower case) every matching event contains somewhere; empty if none can be derived. */
    default List<String> requiredLiterals() {
        return List.of();
    }

    /**
     * Literals (lower case) of which every matching event contains at least one somewhere, or null if no such set
     * can be derived. Weaker than {@link #requiredLiterals()} but available for value lists ({@code Image|endswith:
     * [a, b]}), which is what makes a literal prefilter useful on real rule sets.
     */
    default java.util.@org.jspecify.annotations.Nullable Set<String> anyOfLiterals() {
        List<String> required = requiredLiterals();
        if (required.isEmpty()) {
            return null;
        }
        String best = required.getFirst();
        for (String l : required) {
            if (l.length() > best.length()) {
                best = l;
            }
        }
        return java.util.Set.of(best);
    }
}
