package org.medsoc.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.medsoc.detect.EventView;

/** Boolean combinators of the matcher tree. */
public final class Logic {
    private Logic() {}

    /** All children must match. */
    public record And(Matcher[] children) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            for (Matcher child : children) {
                if (!child.matches(event)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public List<String> requiredLiterals() {
            LinkedHashSet<String> all = new LinkedHashSet<>();
            for (Matcher child : children) {
                all.addAll(child.requiredLiterals());
            }
            return List.copyOf(all);
        }

        @Override
        public java.util.@org.jspecify.annotations.Nullable Set<String> anyOfLiterals() {
            java.util.Set<String> best = null;
            int bestMin = -1;
            for (Matcher child : children) {
                java.util.Set<String> set = child.anyOfLiterals();
                if (set == null || set.isEmpty()) {
                    continue;
                }
                int min = Integer.MAX_VALUE;
                for (String l : set) {
                    min = Math.min(min, l.length());
                }
                if (min > bestMin) {
                    best = set;
                    bestMin = min;
                }
            }
            return best;
        }
    }

    /** Any child must match. */
    public record Or(Matcher[] children) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            for (Matcher child : children) {
                if (child.matches(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public List<String> requiredLiterals() {
            if (children.length == 1) {
                return children[0].requiredLiterals();
            }
            // a literal common to every branch is still required (see anyOfLiterals for the union)
            List<String> common = new ArrayList<>(children.length == 0 ? List.of() : children[0].requiredLiterals());
            for (int i = 1; i < children.length; i++) {
                common.retainAll(children[i].requiredLiterals());
            }
            return List.copyOf(common);
        }

        @Override
        public java.util.@org.jspecify.annotations.Nullable Set<String> anyOfLiterals() {
            java.util.Set<String> union = new java.util.LinkedHashSet<>();
            for (Matcher child : children) {
                java.util.Set<String> set = child.anyOfLiterals();
                if (set == null || set.isEmpty()) {
                    return null;
                }
                union.addAll(set);
            }
            return union.isEmpty() ? null : union;
        }
    }

    /** At least {@code count} children must match ({@code N of pattern}); 1 < count < children. */
    public record AtLeast(int count, Matcher[] children) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            int needed = count;
            int left = children.length;
            for (Matcher child : children) {
                if (child.matches(event) && --needed == 0) {
                    return true;
                }
                if (--left < needed) {
                    return false;
                }
            }
            return false;
        }
    }

    /** The child must not match. */
    public record Not(Matcher child) implements Matcher {
        @Override
        public boolean matches(EventView event) {
            return !child.matches(event);
        }
    }

    /** Builds an AND, collapsing a single child. */
    public static Matcher and(List<Matcher> children) {
        return children.size() == 1 ? children.getFirst() : new And(children.toArray(Matcher[]::new));
    }

    /** Builds an OR, collapsing a single child. */
    public static Matcher or(List<Matcher> children) {
        return children.size() == 1 ? children.getFirst() : new Or(children.toArray(Matcher[]::new));
    }
}
