package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medsoc.spi.error.MedsocException;

/**
 * A CPE 2.3 name in formatted-string binding ({@code cpe:2.3:part:vendor:product:version:update:edition:language:
 * sw_edition:target_sw:target_hw:other}), attribute values kept as written (escaped). A value is {@code *} (ANY),
 * {@code -} (not applicable), or a string in which a backslash quotes the next character and unquoted {@code *}
 * and {@code ?} wildcards may appear only at the beginning or end (CPE 2.3 naming, NISTIR 7695 §6.2).
 *
 * <p>{@link #matches(Cpe)} follows the CPE name-matching relations of NISTIR 7696 reduced to yes/no: a criteria
 * attribute ANY matches everything; NA matches only NA; a string matches an equal string (ignoring case, after
 * removing quotes) or, with wildcards, a string the pattern covers; a target that is ANY or NA for an attribute the
 * criteria name specifically does not match.
 *
 * @param part {@code a} application, {@code o} operating system, {@code h} hardware, or {@code *}
 */
public record Cpe(
        String part,
        String vendor,
        String product,
        String version,
        String update,
        String edition,
        String language,
        String swEdition,
        String targetSw,
        String targetHw,
        String other) {
    private static final String PREFIX = "cpe:2.3:";
    /** The value meaning "any". */
    public static final String ANY = "*";
    /** The value meaning "not applicable". */
    public static final String NA = "-";

    /** Validates every attribute. */
    public Cpe {
        List<String> all = List.of(requireNonNull(part, "part is null"), requireNonNull(vendor, "vendor is null"),
                requireNonNull(product, "product is null"), requireNonNull(version, "version is null"),
                requireNonNull(update, "update is null"), requireNonNull(edition, "edition is null"),
                requireNonNull(language, "language is null"), requireNonNull(swEdition, "swEdition is null"),
                requireNonNull(targetSw, "targetSw is null"), requireNonNull(targetHw, "targetHw is null"),
                requireNonNull(other, "other is null"));
        if (!(part.equals("a") || part.equals("o") || part.equals("h") || part.equals(ANY))) {
            throw invalid(part, "part must be a, o, h or *, was '" + part + "'");
        }
        for (String value : all) {
            checkValue(value);
        }
    }

    /**
     * Parses a formatted string; fails with {@link FindingsErrorCode#INVALID_CPE} naming the problem. Missing
     * trailing attributes are taken as ANY, as CPE 2.3 allows when binding from shorter names.
     */
    public static Cpe parse(String formatted) {
        requireNonNull(formatted, "formatted is null");
        if (formatted.length() > 1000) {
            throw invalid(formatted.substring(0, 40) + "...", "is longer than 1000 characters");
        }
        if (!formatted.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw invalid(formatted, "does not start with 'cpe:2.3:'");
        }
        List<String> values = new ArrayList<>(11);
        StringBuilder current = new StringBuilder(24);
        for (int i = PREFIX.length(); i < formatted.length(); i++) {
            char c = formatted.charAt(i);
            if (c == '\\') {
                if (i + 1 >= formatted.length()) {
                    throw invalid(formatted, "ends with a lone backslash");
                }
                current.append(c).append(formatted.charAt(++i));
            } else if (c == ':') {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        values.add(current.toString());
        if (values.size() > 11) {
            throw invalid(formatted, "has " + values.size() + " attributes after 'cpe:2.3:'; the most is 11");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty()) {
                throw invalid(formatted, "has an empty attribute at position " + (i + 1) + " (use * for any)");
            }
        }
        while (values.size() < 11) {
            values.add(ANY);
        }
        try {
            return new Cpe(values.get(0).toLowerCase(Locale.ROOT), values.get(1), values.get(2), values.get(3),
                    values.get(4), values.get(5), values.get(6), values.get(7), values.get(8), values.get(9),
                    values.get(10));
        } catch (MedsocException e) {
            throw invalid(formatted, e.getMessage());
        }
    }

    /** Whether this name, read as match criteria, matches the target name attribute by attribute. */
    public boolean matches(Cpe target) {
        return matchesIgnoringVersion(target) && attributeMatches(version, target.version);
    }

    /** Whether every attribute but the version matches (used when a version range decides the version). */
    public boolean matchesIgnoringVersion(Cpe target) {
        requireNonNull(target, "target is null");
        return attributeMatches(part, target.part) && attributeMatches(vendor, target.vendor)
                && attributeMatches(product, target.product) && attributeMatches(update, target.update)
                && attributeMatches(edition, target.edition) && attributeMatches(language, target.language)
                && attributeMatches(swEdition, target.swEdition) && attributeMatches(targetSw, target.targetSw)
                && attributeMatches(targetHw, target.targetHw) && attributeMatches(other, target.other);
    }

    /** The value with quoting removed, e.g. {@code big\$money} gives {@code big$money}. */
    public static String unquote(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Whether a value is a concrete string (neither ANY nor NA nor holding a wildcard). */
    public static boolean isLiteral(String value) {
        return !value.equals(ANY) && !value.equals(NA) && !hasWildcard(value);
    }

    /** The formatted string. */
    @Override
    public String toString() {
        return PREFIX + String.join(":", part, vendor, product, version, update, edition, language, swEdition,
                targetSw, targetHw, other);
    }

    static boolean attributeMatches(String source, String target) {
        if (source.equals(ANY)) {
            return true;
        }
        if (source.equals(NA)) {
            return target.equals(NA);
        }
        if (target.equals(ANY) || target.equals(NA)) {
            return false;
        }
        if (hasWildcard(source)) {
            return glob(source, unquote(target));
        }
        if (source.indexOf('\\') < 0 && target.indexOf('\\') < 0) {
            return source.equalsIgnoreCase(target);
        }
        return unquote(source).equalsIgnoreCase(unquote(target));
    }

    private static boolean hasWildcard(String value) {
        char first = value.charAt(0);
        if (first == '*' || first == '?') {
            return true;
        }
        int last = value.length() - 1;
        char end = value.charAt(last);
        return (end == '*' || end == '?') && !quoted(value, last);
    }

    /** Whether the character at {@code index} is preceded by an odd number of backslashes. */
    private static boolean quoted(String value, int index) {
        int slashes = 0;
        for (int i = index - 1; i >= 0 && value.charAt(i) == '\\'; i--) {
            slashes++;
        }
        return (slashes & 1) == 1;
    }

    /** Matches a pattern with leading/trailing {@code *} and {@code ?} runs against an unquoted text, ignoring case. */
    private static boolean glob(String pattern, String text) {
        int leadingAny = 0;
        boolean leadingMany = false;
        int start = 0;
        while (start < pattern.length() && (pattern.charAt(start) == '*' || pattern.charAt(start) == '?')) {
            if (pattern.charAt(start) == '*') {
                leadingMany = true;
            } else {
                leadingAny++;
            }
            start++;
        }
        int end = pattern.length();
        int trailingAny = 0;
        boolean trailingMany = false;
        while (end > start && (pattern.charAt(end - 1) == '*' || pattern.charAt(end - 1) == '?')
                && !quoted(pattern, end - 1)) {
            if (pattern.charAt(end - 1) == '*') {
                trailingMany = true;
            } else {
                trailingAny++;
            }
            end--;
        }
        String middle = unquote(pattern.substring(start, end)).toLowerCase(Locale.ROOT);
        String t = text.toLowerCase(Locale.ROOT);
        int minLength = leadingAny + middle.length() + trailingAny;
        if (t.length() < minLength) {
            return false;
        }
        if (!leadingMany && !trailingMany) {
            return t.length() == minLength && t.startsWith(middle, leadingAny);
        }
        if (!leadingMany) {
            return t.startsWith(middle, leadingAny);
        }
        if (!trailingMany) {
            return t.startsWith(middle, t.length() - trailingAny - middle.length());
        }
        int at = t.indexOf(middle, leadingAny);
        return at >= 0 && at + middle.length() + trailingAny <= t.length();
    }

    private static void checkValue(String value) {
        if (value.isEmpty()) {
            throw new MedsocException(FindingsErrorCode.INVALID_CPE, "a CPE attribute is empty (use * for any)");
        }
        if (value.equals(ANY) || value.equals(NA)) {
            return;
        }
        int n = value.length();
        int i = 0;
        while (i < n && (value.charAt(i) == '*' || value.charAt(i) == '?')) {
            i++;
        }
        boolean trailing = false;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new MedsocException(FindingsErrorCode.INVALID_CPE,
                            "CPE attribute '" + value + "' ends with a lone backslash");
                }
                i++;
                if (trailing) {
                    throw misplaced(value);
                }
            } else if (c == '*' || c == '?') {
                trailing = true;
            } else if (trailing) {
                throw misplaced(value);
            } else if (c == ' ' || c == ':') {
                throw new MedsocException(FindingsErrorCode.INVALID_CPE,
                        "CPE attribute '" + value + "' has an unquoted '" + c + "'; quote it with a backslash");
            }
        }
    }

    private static MedsocException misplaced(String value) {
        return new MedsocException(FindingsErrorCode.INVALID_CPE, "CPE attribute '" + value
                + "' has an unquoted wildcard inside; wildcards may only begin or end a value (quote it as \\* or \\?)");
    }

    private static MedsocException invalid(String formatted, String reason) {
        return new MedsocException(FindingsErrorCode.INVALID_CPE, "CPE '" + formatted + "' " + reason);
    }
}
