package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A software version as products print it, ordered the way vulnerability feeds mean it: dotted numerics ({@code
 * 2.4.57}, Windows builds {@code 10.0.19045.3803}), numbers compared by value with any number of digits,
 * pre-release qualifiers before the release ({@code 1.2.3-rc1 < 1.2.3}), anything else after it ({@code 2.4.57p1 >
 * 2.4.57}, OpenSSL {@code 1.0.2a > 1.0.2}), and trailing zero components ignored ({@code 2.4 == 2.4.0}).
 *
 * <p>A version is split into runs of digits and runs of letters; every other character separates. Pre-release
 * qualifiers, lowest first: {@code dev}/{@code snapshot}, {@code alpha}, {@code beta}, {@code milestone}/{@code
 * pre}/{@code preview}, {@code rc}/{@code cr}. A number sorts above any word; other words sort after the
 * qualifiers and among themselves alphabetically, ignoring case.
 */
public final class Version implements Comparable<Version> {
    private static final int POST_RELEASE = 10;

    private final String text;
    private final String[] tokens;
    private final boolean[] numeric;

    private Version(String text) {
        this.text = text;
        List<String> parts = new ArrayList<>(8);
        List<Boolean> kinds = new ArrayList<>(8);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                int start = i;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
                int nonZero = start;
                while (nonZero < i - 1 && text.charAt(nonZero) == '0') {
                    nonZero++;
                }
                parts.add(text.substring(nonZero, i));
                kinds.add(Boolean.TRUE);
            } else if (Character.isLetter(c)) {
                int start = i;
                while (i < n && Character.isLetter(text.charAt(i))) {
                    i++;
                }
                parts.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                kinds.add(Boolean.FALSE);
            } else {
                i++;
            }
        }
        this.tokens = parts.toArray(new String[0]);
        this.numeric = new boolean[kinds.size()];
        for (int k = 0; k < numeric.length; k++) {
            numeric[k] = kinds.get(k);
        }
    }

    /** The version of a text; any text is accepted (a text without digits or letters equals the empty version). */
    public static Version of(String text) {
        requireNonNull(text, "text is null");
        return new Version(text.strip());
    }

    /** Compares two version texts; see {@link Version} for the order. */
    public static int compare(String a, String b) {
        return of(a).compareTo(of(b));
    }

    /** The text as given (stripped). */
    public String text() {
        return text;
    }

    @Override
    public int compareTo(Version other) {
        int common = Math.min(tokens.length, other.tokens.length);
        for (int i = 0; i < common; i++) {
            int c = compareToken(tokens[i], numeric[i], other.tokens[i], other.numeric[i]);
            if (c != 0) {
                return c;
            }
        }
        if (tokens.length == other.tokens.length) {
            return 0;
        }
        return tokens.length > common ? tail(this, common) : -tail(other, common);
    }

    /** The sign of a longer version's remaining tokens against nothing: zeros are neutral, qualifiers lower. */
    private static int tail(Version longer, int from) {
        for (int i = from; i < longer.tokens.length; i++) {
            if (longer.numeric[i]) {
                if (!longer.tokens[i].equals("0")) {
                    return 1;
                }
            } else {
                return rank(longer.tokens[i]) < POST_RELEASE ? -1 : 1;
            }
        }
        return 0;
    }

    private static int compareToken(String a, boolean aNumeric, String b, boolean bNumeric) {
        if (aNumeric && bNumeric) {
            if (a.length() != b.length()) {
                return Integer.compare(a.length(), b.length());
            }
            return Integer.signum(a.compareTo(b));
        }
        if (aNumeric) {
            return 1;
        }
        if (bNumeric) {
            return -1;
        }
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return Integer.signum(a.compareTo(b));
    }

    private static int rank(String word) {
        return switch (word) {
            case "dev", "snapshot" -> 0;
            case "alpha" -> 1;
            case "beta" -> 2;
            case "milestone", "pre", "preview" -> 3;
            case "rc", "cr" -> 4;
            default -> POST_RELEASE;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int end = tokens.length;
        while (end > 0 && numeric[end - 1] && tokens[end - 1].equals("0")) {
            end--;
        }
        int h = 1;
        for (int i = 0; i < end; i++) {
            h = 31 * h + tokens[i].hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return text;
    }
}
