package org.medsoc.detect.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma string value as a sequence of symbols: literal characters, {@code *} (any run), {@code ?} (one character)
 * and the windash class (any of {@code - / – — ―}). Parsed from rule text with the spec's escape rules.
 */
public final class SigmaString {
    /** Symbol kinds. */
    static final byte LIT = 0;
    static final byte ANY = 1;
    static final byte ONE = 2;
    static final byte DASH = 3;

    static final String DASHES = "-/\u2013\u2014\u2015";

    final char[] chars;
    final byte[] kinds;

    SigmaString(char[] chars, byte[] kinds) {
        this.chars = chars;
        this.kinds = kinds;
    }

    /**
     * Parses rule text: {@code *} and {@code ?} are wildcards; {@code \*}, {@code \?} and {@code \\} are escapes; a
     * backslash before any other character is a plain backslash.
     */
    public static SigmaString parse(String text) {
        StringBuilder chars = new StringBuilder(text.length());
        List<Byte> kinds = new ArrayList<>(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                if (next == '*' || next == '?' || next == '\\') {
                    chars.append(next);
                    kinds.add(LIT);
                    i += 2;
                    continue;
                }
                chars.append('\\');
                kinds.add(LIT);
                i++;
                continue;
            }
            chars.append(c);
            kinds.add(c == '*' ? ANY : c == '?' ? ONE : LIT);
            i++;
        }
        byte[] k = new byte[kinds.size()];
        for (int j = 0; j < k.length; j++) {
            k[j] = kinds.get(j);
        }
        return new SigmaString(chars.toString().toCharArray(), k);
    }

    /** A plain literal with no wildcards. */
    public static SigmaString literal(String text) {
        return new SigmaString(text.toCharArray(), new byte[text.length()]);
    }

    /** Whether this string has only literal symbols. */
    public boolean isPlain() {
        for (byte k : kinds) {
            if (k != LIT) {
                return false;
            }
        }
        return true;
    }

    /** The characters of a plain string. */
    public String text() {
        return new String(chars);
    }

    SigmaString withPrefixAny() {
        if (kinds.length > 0 && kinds[0] == ANY) {
            return this;
        }
        return concat(new SigmaString(new char[] {'*'}, new byte[] {ANY}), this);
    }

    SigmaString withSuffixAny() {
        if (kinds.length > 0 && kinds[kinds.length - 1] == ANY) {
            return this;
        }
        return concat(this, new SigmaString(new char[] {'*'}, new byte[] {ANY}));
    }

    SigmaString windash() {
        byte[] k = kinds.clone();
        for (int i = 0; i < k.length; i++) {
            if (k[i] == LIT && DASHES.indexOf(chars[i]) >= 0) {
                k[i] = DASH;
            }
        }
        return new SigmaString(chars, k);
    }

    private static SigmaString concat(SigmaString a, SigmaString b) {
        char[] c = new char[a.chars.length + b.chars.length];
        byte[] k = new byte[c.length];
        System.arraycopy(a.chars, 0, c, 0, a.chars.length);
        System.arraycopy(b.chars, 0, c, a.chars.length, b.chars.length);
        System.arraycopy(a.kinds, 0, k, 0, a.kinds.length);
        System.arraycopy(b.kinds, 0, k, a.kinds.length, b.kinds.length);
        return new SigmaString(c, k);
    }

    /** Compiles into the cheapest matcher: equals, startswith, endswith, contains or a glob. */
    public ValueMatcher compile(boolean cased) {
        int n = kinds.length;
        int firstNonLit = -1;
        int nonLitCount = 0;
        for (int i = 0; i < n; i++) {
            if (kinds[i] != LIT) {
                nonLitCount++;
                if (firstNonLit < 0) {
                    firstNonLit = i;
                }
            }
        }
        if (nonLitCount == 0) {
            return new StringMatchers.Equals(new String(chars), cased);
        }
        boolean leadingAny = kinds[0] == ANY;
        boolean trailingAny = kinds[n - 1] == ANY;
        if (nonLitCount == 1 && leadingAny && n > 1) {
            return new StringMatchers.EndsWith(new String(chars, 1, n - 1), cased);
        }
        if (nonLitCount == 1 && trailingAny && n > 1) {
            return new StringMatchers.StartsWith(new String(chars, 0, n - 1), cased);
        }
        if (nonLitCount == 2 && leadingAny && trailingAny && n > 2) {
            return new StringMatchers.Contains(new String(chars, 1, n - 2), cased);
        }
        return new StringMatchers.Glob(chars, kinds, cased, longestLiteral());
    }

    private String longestLiteral() {
        int bestStart = 0;
        int bestLength = 0;
        int start = 0;
        for (int i = 0; i <= kinds.length; i++) {
            if (i == kinds.length || kinds[i] != LIT) {
                if (i - start > bestLength) {
                    bestStart = start;
                    bestLength = i - start;
                }
                start = i + 1;
            }
        }
        return new String(chars, bestStart, bestLength);
    }
}
