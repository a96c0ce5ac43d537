package org.medsoc.detect.sigma;

import org.jspecify.annotations.Nullable;

/** Allocation-free string value matchers; case-insensitive unless {@code cased}. */
public final class StringMatchers {
    private StringMatchers() {}

    /**
     * The prefilter key of a literal: its characters folded to lower case one by one (so its length is kept and a
     * case-insensitive match of the literal contains the key case-insensitively); a case-sensitive ({@code cased})
     * match is a case-insensitive one too, so cased literals have keys as well. Null for the empty literal.
     */
    static @Nullable String lowerLiteral(String s, boolean cased) {
        if (s.isEmpty()) {
            return null;
        }
        char[] out = new char[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Character.toLowerCase(Character.toUpperCase(s.charAt(i)));
        }
        return new String(out);
    }

    /** Whole value equals the literal. */
    public record Equals(String literal, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            return value.length() == literal.length() && value.regionMatches(!cased, 0, literal, 0, literal.length());
        }

        @Override
        public @Nullable String requiredLiteral() {
            return lowerLiteral(literal, cased);
        }
    }

    /** Value starts with the literal. */
    public record StartsWith(String literal, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            return value.regionMatches(!cased, 0, literal, 0, literal.length());
        }

        @Override
        public @Nullable String requiredLiteral() {
            return lowerLiteral(literal, cased);
        }
    }

    /** Value ends with the literal. */
    public record EndsWith(String literal, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            int offset = value.length() - literal.length();
            return offset >= 0 && value.regionMatches(!cased, offset, literal, 0, literal.length());
        }

        @Override
        public @Nullable String requiredLiteral() {
            return lowerLiteral(literal, cased);
        }
    }

    /** Value contains the literal. */
    public record Contains(String literal, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            if (cased) {
                return value.contains(literal);
            }
            int last = value.length() - literal.length();
            if (literal.isEmpty()) {
                return true;
            }
            char first = literal.charAt(0);
            char lower = Character.toLowerCase(first);
            char upper = Character.toUpperCase(first);
            for (int i = 0; i <= last; i++) {
                char c = value.charAt(i);
                if ((c == lower || c == upper || c == first)
                        && value.regionMatches(true, i, literal, 0, literal.length())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public @Nullable String requiredLiteral() {
            return lowerLiteral(literal, cased);
        }
    }

    /** General glob with {@code *}, {@code ?} and the windash class; greedy with single backtrack point. */
    public static final class Glob implements ValueMatcher {
        private final char[] chars;
        private final byte[] kinds;
        private final boolean cased;
        private final String longest;

        Glob(char[] chars, byte[] kinds, boolean cased, String longest) {
            this.chars = chars;
            this.kinds = kinds;
            this.cased = cased;
            this.longest = longest;
        }

        @Override
        public boolean matches(String value) {
            int p = 0;
            int v = 0;
            int starP = -1;
            int starV = 0;
            int n = value.length();
            while (v < n) {
                if (p < kinds.length && kinds[p] != SigmaString.ANY && symbolMatches(p, value.charAt(v))) {
                    p++;
                    v++;
                } else if (p < kinds.length && kinds[p] == SigmaString.ANY) {
                    starP = p++;
                    starV = v;
                } else if (starP >= 0) {
                    p = starP + 1;
                    v = ++starV;
                } else {
                    return false;
                }
            }
            while (p < kinds.length && kinds[p] == SigmaString.ANY) {
                p++;
            }
            return p == kinds.length;
        }

        private boolean symbolMatches(int p, char c) {
            return switch (kinds[p]) {
                case SigmaString.ONE -> true;
                case SigmaString.DASH -> SigmaString.DASHES.indexOf(c) >= 0;
                default -> {
                    char l = chars[p];
                    yield l == c
                            || (!cased && (Character.toLowerCase(l) == Character.toLowerCase(c)
                                    || Character.toUpperCase(l) == Character.toUpperCase(c)));
                }
            };
        }

        @Override
        public @Nullable String requiredLiteral() {
            return lowerLiteral(longest, cased);
        }

        @Override
        public String toString() {
            return "Glob[" + new String(chars) + "]";
        }
    }
}
