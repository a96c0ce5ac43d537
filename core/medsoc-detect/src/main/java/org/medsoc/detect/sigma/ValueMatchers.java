package org.medsoc.detect.sigma;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Value matchers for the type modifiers: re, cidr, lt/lte/gt/gte, time parts. */
public final class ValueMatchers {
    private ValueMatchers() {}

    /** Inverts a value matcher ({@code neq}). */
    public record Negated(ValueMatcher inner) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            return !inner.matches(value);
        }
    }

    /**
     * A {@code re} value: {@code find()} semantics, guarded against catastrophic backtracking by a budget of
     * character reads; exceeding it counts as a non-match and is counted in {@code aborted}.
     */
    public record Regex(Pattern pattern, AtomicLong aborted) implements ValueMatcher {
        private static final long BASE_BUDGET = 200_000;
        private static final long PER_CHAR_BUDGET = 200;

        /** The longest literal every match contains (see {@link #requiredLiteral(Pattern)}), for the prefilter. */
        @Override
        public @Nullable String requiredLiteral() {
            return requiredLiteral(pattern);
        }

        /**
         * The longest run of plain characters outside any group that every match of the pattern contains, folded
         * to lower case; null when there is none of at least two characters or the pattern uses anything this
         * conservative reading does not understand (top-level alternation, comment mode, unknown escapes). Group
         * contents are skipped, a character followed by a quantifier other than {@code +} is optional.
         */
        static @Nullable String requiredLiteral(Pattern pattern) {
            if ((pattern.flags() & (Pattern.COMMENTS | Pattern.LITERAL | Pattern.CANON_EQ)) != 0) {
                return null;
            }
            String re = pattern.pattern();
            for (int at = re.indexOf("(?"); at >= 0; at = re.indexOf("(?", at + 2)) {
                if (flagGroupHasComments(re, at + 2)) {
                    return null; // comment mode changes what whitespace and '#' mean
                }
            }
            StringBuilder run = new StringBuilder();
            String best = "";
            int depth = 0;
            int i = 0;
            int n = re.length();
            while (i < n) {
                char c = re.charAt(i);
                if (depth > 0) {
                    // inside a group: only track nesting (and skip escapes and classes)
                    if (c == '\\') {
                        i += 2;
                        continue;
                    }
                    if (c == '[') {
                        i = classEnd(re, i);
                        if (i < 0) {
                            return null;
                        }
                        continue;
                    }
                    if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth--;
                    }
                    i++;
                    continue;
                }
                switch (c) {
                    case '|' -> {
                        return null; // top-level alternation: no literal is required
                    }
                    case '(' -> {
                        best = flush(run, best);
                        depth++;
                        i++;
                    }
                    case ')' -> {
                        return null; // unbalanced
                    }
                    case '[' -> {
                        best = flush(run, best);
                        i = classEnd(re, i);
                        if (i < 0) {
                            return null;
                        }
                    }
                    case '?', '*', '{' -> {
                        // the preceding character (if in the run) is optional
                        if (!run.isEmpty()) {
                            run.setLength(run.length() - 1);
                        }
                        best = flush(run, best);
                        if (c == '{') {
                            int close = re.indexOf('}', i);
                            if (close < 0) {
                                return null;
                            }
                            i = close + 1;
                        } else {
                            i++;
                        }
                    }
                    case '+' -> {
                        best = flush(run, best); // the preceding character is required once
                        i++;
                    }
                    case '.', '^', '$' -> {
                        best = flush(run, best);
                        i++;
                    }
                    case '\\' -> {
                        if (i + 1 >= n) {
                            return null;
                        }
                        char e = re.charAt(i + 1);
                        if (Character.isLetterOrDigit(e)) {
                            if ("dDwWsSbBAzZGhHvVR".indexOf(e) < 0) {
                                return null; // hex, unicode, quoting, property escapes and back references: not read here
                            }
                            best = flush(run, best);
                        } else {
                            run.append(e);
                        }
                        i += 2;
                    }
                    default -> {
                        run.append(c);
                        i++;
                    }
                }
            }
            if (depth != 0) {
                return null;
            }
            best = flush(run, best);
            return best.length() < 2 ? null : StringMatchers.lowerLiteral(best, false);
        }

        private static String flush(StringBuilder run, String best) {
            String out = run.length() > best.length() ? run.toString() : best;
            run.setLength(0);
            return out;
        }

        /** Whether the flags of an inline group starting at {@code from} (after "(?") turn on comment mode. */
        private static boolean flagGroupHasComments(String re, int from) {
            for (int i = from; i < re.length(); i++) {
                char c = re.charAt(i);
                if (c == 'x') {
                    return true;
                }
                if (c == ')' || c == ':' || c == '-' || !Character.isLetter(c)) {
                    return false;
                }
            }
            return false;
        }

        /** The index after the character class starting at {@code start}, or -1 when it does not close. */
        private static int classEnd(String re, int start) {
            int i = start + 1;
            if (i < re.length() && re.charAt(i) == '^') {
                i++;
            }
            if (i < re.length() && re.charAt(i) == ']') {
                i++;
            }
            int depth = 1;
            while (i < re.length()) {
                char c = re.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
            return -1;
        }

        @Override
        public boolean matches(String value) {
            BudgetedSequence guarded = new BudgetedSequence(value, BASE_BUDGET + PER_CHAR_BUDGET * value.length());
            try {
                return pattern.matcher(guarded).find();
            } catch (BudgetExceeded e) {
                aborted.incrementAndGet();
                return false;
            }
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        private static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regex budget exceeded", null, false, false);
        }
    }

    private static final class BudgetedSequence implements CharSequence {
        private final String text;
        private long remaining;

        BudgetedSequence(String text, long budget) {
            this.text = text;
            this.remaining = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--remaining < 0) {
                throw BudgetExceeded.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A {@code cidr} value for IPv4 or IPv6. */
    public record Cidr(byte[] network, int prefix) implements ValueMatcher {
        /** Parses {@code a.b.c.d/n} or {@code v6::/n}; returns null when malformed. */
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = parseAddress(address);
            if (bytes == null) {
                return null;
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    return null;
                }
            }
            return new Cidr(bytes, prefix);
        }

        static byte[] parseAddress(String text) {
            if (text.isEmpty() || text.length() > 45) {
                return null;
            }
            boolean colon = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (c == ':') {
                    colon = true;
                } else if (!hex && c != '.') {
                    return null;
                }
            }
            if (!colon) {
                return parseV4(text);
            }
            try {
                // only literal addresses reach here (hex digits, dots, colons), so no name lookup happens
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private static byte[] parseV4(String text) {
            byte[] out = new byte[4];
            int part = 0;
            int value = -1;
            for (int i = 0; i <= text.length(); i++) {
                char c = i == text.length() ? '.' : text.charAt(i);
                if (c == '.') {
                    if (value < 0 || part > 3) {
                        return null;
                    }
                    out[part++] = (byte) value;
                    value = -1;
                } else if (c >= '0' && c <= '9') {
                    value = (value < 0 ? 0 : value * 10) + (c - '0');
                    if (value > 255) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            return part == 4 ? out : null;
        }

        @Override
        public boolean matches(String value) {
            byte[] address = parseAddress(value);
            if (address == null || address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    /** Numeric comparison operators. */
    public enum Comparison {
        EQ, LT, LTE, GT, GTE;

        boolean test(double left, double right) {
            return switch (this) {
                case EQ -> left == right;
                case LT -> left < right;
                case LTE -> left <= right;
                case GT -> left > right;
                case GTE -> left >= right;
            };
        }
    }

    /** A numeric comparison of the field value against {@code bound}. */
    public record Numeric(Comparison comparison, double bound) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            double parsed = parseNumber(value);
            return !Double.isNaN(parsed) && comparison.test(parsed, bound);
        }
    }

    /** Parses a decimal or 0x-hex number; NaN when the text is not a number. */
    static double parseNumber(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 40) {
            return Double.NaN;
        }
        if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            long v = 0;
            for (int i = 2; i < t.length(); i++) {
                int d = Character.digit(t.charAt(i), 16);
                if (d < 0 || i > 17) {
                    return Double.NaN;
                }
                v = v * 16 + d;
            }
            return v;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Date parts extracted by the time modifiers. */
    public enum TimePart {
        MINUTE, HOUR, DAY, WEEK, MONTH, YEAR
    }

    /** A time modifier: extracts a part of an ISO-like timestamp ({@code yyyy-MM-dd[T ]HH:mm...}) and compares it. */
    public record Time(TimePart part, Comparison comparison, double bound) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            int extracted = extract(value, part);
            return extracted >= 0 && comparison.test(extracted, bound);
        }

        static int extract(String v, TimePart part) {
            if (v.length() < 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
                return -1;
            }
            int year = digits(v, 0, 4);
            int month = digits(v, 5, 7);
            int day = digits(v, 8, 10);
            if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
                return -1;
            }
            return switch (part) {
                case YEAR -> year;
                case MONTH -> month;
                case DAY -> day;
                case WEEK -> {
                    try {
                        yield LocalDate.of(year, month, day).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                    } catch (DateTimeException e) {
                        yield -1;
                    }
                }
                case HOUR -> v.length() >= 13 && (v.charAt(10) == 'T' || v.charAt(10) == ' ') ? digits(v, 11, 13) : -1;
                case MINUTE -> v.length() >= 16 && v.charAt(13) == ':' ? digits(v, 14, 16) : -1;
            };
        }

        private static int digits(String v, int from, int to) {
            int out = 0;
            for (int i = from; i < to; i++) {
                char c = v.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                out = out * 10 + (c - '0');
            }
            return out;
        }
    }
}
