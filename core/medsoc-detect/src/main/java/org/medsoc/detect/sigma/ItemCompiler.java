package org.medsoc.detect.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.FieldHandle;
import org.medsoc.detect.FieldNameMapper;
import org.medsoc.detect.Placeholders;
import org.medsoc.detect.Problem;
import org.medsoc.detect.SigmaRule.DetectionItem;
import org.medsoc.detect.sigma.FieldMatchers.RefMode;
import org.medsoc.detect.sigma.ValueMatchers.Comparison;
import org.medsoc.detect.sigma.ValueMatchers.TimePart;

/** Turns one detection item (field, modifiers, values) into a matcher, collecting problems instead of failing fast. */
public final class ItemCompiler {
    /** Every modifier of the Sigma modifiers appendix v2.1.0 (plus the {@code re} sub-modifiers). */
    public static final Set<String> KNOWN_MODIFIERS = Set.of(
            "all", "startswith", "endswith", "contains", "exists", "cased", "neq", "windash", "re", "i", "m", "s",
            "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide", "lt", "lte", "gt", "gte", "minute", "hour",
            "day", "week", "month", "year", "cidr", "expand", "fieldref");

    private static final Set<String> STRING_TRANSFORMS =
            Set.of("windash", "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide", "expand");

    private final FieldNameMapper mapper;
    private final List<Problem> problems;
    private final Set<String> fields = new LinkedHashSet<>();
    private final AtomicLong regexAborts;
    private final Placeholders placeholders;
    private final Set<String> unresolved = new java.util.TreeSet<>();
    private @Nullable String unsupported;

    /** Most values one detection value may expand into through placeholders. */
    static final int MAX_EXPANSIONS = 10_000;

    /** Creates a compiler that reports into {@code problems} and counts regex aborts into {@code regexAborts}. */
    public ItemCompiler(FieldNameMapper mapper, List<Problem> problems, AtomicLong regexAborts) {
        this(mapper, Placeholders.none(), problems, regexAborts);
    }

    /** Creates a compiler that expands {@code %name%} placeholders with {@code placeholders}. */
    public ItemCompiler(FieldNameMapper mapper, Placeholders placeholders, List<Problem> problems,
            AtomicLong regexAborts) {
        this.mapper = mapper;
        this.placeholders = placeholders;
        this.problems = problems;
        this.regexAborts = regexAborts;
    }

    /** Names of placeholders (without percent signs) used with {@code expand} that have no configured values. */
    public Set<String> unresolvedPlaceholders() {
        return unresolved;
    }

    /** The first reason the rule cannot be supported (e.g. expand placeholders), or null. */
    public @Nullable String unsupported() {
        return unsupported;
    }

    /** Mapped field names read so far. */
    public Set<String> fields() {
        return fields;
    }

    private void problem(String path, String message) {
        problems.add(new Problem(path, message));
    }

    private enum Kind { STRING, REGEX, CIDR, NUMERIC, EXISTS, FIELDREF, TIME }

    /** Compiles {@code item} found at {@code path}; returns a never-matching placeholder when it has problems. */
    public Matcher compile(DetectionItem item, String path) {
        int before = problems.size();
        Matcher m = compileChecked(item, path);
        return problems.size() > before || m == null ? event -> false : m;
    }

    private @Nullable Matcher compileChecked(DetectionItem item, String path) {
        List<String> mods = item.modifiers();
        Kind kind = Kind.STRING;
        Comparison comparison = Comparison.EQ;
        TimePart timePart = null;
        boolean all = false;
        boolean cased = false;
        boolean neq = false;
        int reFlags = 0;
        boolean sawRe = false;
        for (int i = 0; i < mods.size(); i++) {
            String mod = mods.get(i);
            if (!KNOWN_MODIFIERS.contains(mod)) {
                problem(path, "unknown modifier '" + mod + "'; known modifiers: " + new java.util.TreeSet<>(KNOWN_MODIFIERS));
                continue;
            }
            switch (mod) {
                case "all" -> all = true;
                case "cased" -> cased = true;
                case "neq" -> neq = true;
                case "re" -> { kind = setKind(kind, Kind.REGEX, path, mod); sawRe = true; }
                case "i", "m", "s" -> {
                    if (!sawRe) {
                        problem(path, "modifier '" + mod + "' is a sub-modifier of 're' and must follow it");
                    }
                    reFlags |= mod.equals("i") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE
                            : mod.equals("m") ? Pattern.MULTILINE : Pattern.DOTALL;
                }
                case "cidr" -> kind = setKind(kind, Kind.CIDR, path, mod);
                case "exists" -> kind = setKind(kind, Kind.EXISTS, path, mod);
                case "fieldref" -> kind = setKind(kind, Kind.FIELDREF, path, mod);
                case "lt", "lte", "gt", "gte" -> {
                    if (kind != Kind.TIME) {
                        kind = setKind(kind, Kind.NUMERIC, path, mod);
                    }
                    comparison = Comparison.valueOf(mod.toUpperCase(Locale.ROOT));
                }
                case "minute", "hour", "day", "week", "month", "year" -> {
                    kind = kind == Kind.NUMERIC ? Kind.TIME : setKind(kind, Kind.TIME, path, mod);
                    timePart = TimePart.valueOf(mod.toUpperCase(Locale.ROOT));
                }
                default -> { /* string transformations, applied below in order */ }
            }
        }
        if (kind != Kind.STRING) {
            for (String mod : mods) {
                boolean positional = mod.equals("contains") || mod.equals("startswith") || mod.equals("endswith");
                boolean transform = positional || STRING_TRANSFORMS.contains(mod);
                boolean expandable = mod.equals("expand") && kind != Kind.EXISTS;
                if (transform && !(kind == Kind.FIELDREF && positional) && !expandable) {
                    problem(path, "string modifier '" + mod + "' cannot be combined with a "
                            + kind.name().toLowerCase(Locale.ROOT) + " modifier");
                }
            }
        }
        if (item.field() == null && kind != Kind.STRING && kind != Kind.REGEX) {
            problem(path, "modifier needs a field name; keyword searches only allow string modifiers and 're'");
            return null;
        }
        String field = item.field() == null ? null : mapper.map(item.field());
        if (field != null) {
            fields.add(field);
        }
        List<@Nullable Object> values = item.values();
        if (values.isEmpty()) {
            problem(path, "empty value list; give at least one value");
            return null;
        }
        if (values.size() > 1 && values.contains(null)) {
            problem(path, "null cannot be part of a list of values; put 'field: null' in its own search identifier");
            return null;
        }
        if (values.size() == 1 && values.getFirst() == null) {
            if (field == null || kind != Kind.STRING || !mods.isEmpty()) {
                problem(path, "null is only allowed as the plain value of a field without modifiers");
                return null;
            }
            return new FieldMatchers.IsNull(new FieldHandle(field));
        }
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof java.util.Map || v instanceof List) {
                problem(path + "[" + i + "]", "a value must be a string, number or boolean, not a nested structure");
                return null;
            }
        }
        if (kind != Kind.EXISTS && mods.contains("expand")) {
            List<@Nullable Object> expanded = new ArrayList<>();
            boolean missing = false;
            for (Object v : values) {
                List<String> out = expand(scalar(v), path);
                if (out == null) {
                    missing = true;
                } else {
                    expanded.addAll(out);
                }
            }
            if (expanded.isEmpty() || (missing && (all || neq))) {
                return null; // an unresolved placeholder: the item matches nothing (no problem reported)
            }
            values = expanded;
        }
        switch (kind) {
            case EXISTS -> {
                if (values.size() != 1 || !(values.getFirst() instanceof Boolean b)) {
                    problem(path, "'exists' needs exactly one boolean value (true or false)");
                    return null;
                }
                return new FieldMatchers.Exists(new FieldHandle(field), b);
            }
            case FIELDREF -> {
                RefMode mode = mods.contains("contains") ? RefMode.CONTAINS
                        : mods.contains("startswith") ? RefMode.STARTS_WITH
                        : mods.contains("endswith") ? RefMode.ENDS_WITH : RefMode.EQUALS;
                List<Matcher> refs = new ArrayList<>();
                for (Object v : values) {
                    String other = mapper.map(String.valueOf(v));
                    fields.add(other);
                    refs.add(new FieldMatchers.FieldRef(
                            new FieldHandle(field), new FieldHandle(other), mode, cased, neq));
                }
                return all || neq ? Logic.and(refs) : Logic.or(refs);
            }
            default -> { }
        }
        List<ValueMatcher> matchers = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String valuePath = values.size() == 1 ? path : path + "[" + i + "]";
            String raw = scalar(values.get(i));
            switch (kind) {
                case REGEX -> {
                    try {
                        matchers.add(new ValueMatchers.Regex(Pattern.compile(raw, reFlags), regexAborts));
                    } catch (PatternSyntaxException e) {
                        problem(valuePath, "invalid regular expression: " + e.getDescription() + " near index "
                                + e.getIndex() + " in '" + raw + "'");
                    }
                }
                case CIDR -> {
                    ValueMatchers.Cidr cidr = ValueMatchers.Cidr.parse(raw);
                    if (cidr == null) {
                        problem(valuePath, "invalid CIDR '" + raw + "'; expected e.g. 10.0.0.0/8 or fe80::/10");
                    } else {
                        matchers.add(cidr);
                    }
                }
                case NUMERIC, TIME -> {
                    double bound = ValueMatchers.parseNumber(raw);
                    if (Double.isNaN(bound)) {
                        problem(valuePath, "numeric modifier needs a number, got '" + raw + "'");
                    } else if (kind == Kind.TIME) {
                        matchers.add(new ValueMatchers.Time(timePart, comparison, bound));
                    } else {
                        matchers.add(new ValueMatchers.Numeric(comparison, bound));
                    }
                }
                case STRING -> stringValues(raw, mods, cased, field == null, valuePath, matchers);
                case EXISTS, FIELDREF -> throw new IllegalStateException("handled above");
            }
        }
        if (matchers.isEmpty()) {
            return null;
        }
        ValueMatcher[] array = matchers.toArray(ValueMatcher[]::new);
        boolean expandedAll = all && matchers.size() == values.size();
        if (all && !expandedAll) {
            // a value expanded into alternatives (base64offset): keep per-value OR, AND across values
            return andOfExpansions(field, values, mods, cased, path, kind);
        }
        if (neq) {
            if (field == null) {
                problem(path, "'neq' needs a field name");
                return null;
            }
            return new FieldMatchers.NotEqual(new FieldHandle(field), array);
        }
        return field == null ? new FieldMatchers.Keywords(array, all)
                : new FieldMatchers.Field(new FieldHandle(field), array, all);
    }

    private Matcher andOfExpansions(@Nullable String field, List<@Nullable Object> values, List<String> mods,
            boolean cased, String path, Kind kind) {
        List<Matcher> parts = new ArrayList<>();
        for (Object v : values) {
            List<ValueMatcher> one = new ArrayList<>();
            stringValues(scalar(v), mods, cased, field == null, path, one);
            ValueMatcher[] array = one.toArray(ValueMatcher[]::new);
            parts.add(field == null ? new FieldMatchers.Keywords(array, false)
                    : new FieldMatchers.Field(new FieldHandle(field), array, false));
        }
        return Logic.and(parts);
    }

    private static String scalar(@Nullable Object value) {
        return value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                ? Long.toString(d.longValue()) : String.valueOf(value);
    }

    /** Applies the string transformation modifiers in the order written. */
    private void stringValues(String raw, List<String> mods, boolean cased, boolean keyword, String path,
            List<ValueMatcher> out) {
        List<Object> current = new ArrayList<>(); // SigmaString or byte[]
        boolean hasPosition = false;
        current.add(SigmaString.parse(raw));
        boolean encoded = false;
        for (String mod : mods) {
            List<Object> next = new ArrayList<>();
            for (Object value : current) {
                switch (mod) {
                    case "contains" -> { next.add(asString(value).withPrefixAny().withSuffixAny()); hasPosition = true; }
                    case "startswith" -> { next.add(asString(value).withSuffixAny()); hasPosition = true; }
                    case "endswith" -> { next.add(asString(value).withPrefixAny()); hasPosition = true; }
                    case "windash" -> next.add(asString(value).windash());
                    case "utf16le", "wide", "utf16be", "utf16" -> {
                        byte[] bytes = plainBytes(value, path, mod);
                        if (bytes == null) {
                            return;
                        }
                        String text = new String(bytes, StandardCharsets.UTF_8);
                        next.add(switch (mod) {
                            case "utf16be" -> text.getBytes(StandardCharsets.UTF_16BE);
                            case "utf16" -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                                    text.getBytes(StandardCharsets.UTF_16LE));
                            default -> text.getBytes(StandardCharsets.UTF_16LE);
                        });
                    }
                    case "base64" -> {
                        byte[] bytes = plainBytes(value, path, mod);
                        if (bytes == null) {
                            return;
                        }
                        next.add(SigmaString.literal(Base64.getEncoder().encodeToString(bytes)));
                        encoded = true;
                    }
                    case "base64offset" -> {
                        byte[] bytes = plainBytes(value, path, mod);
                        if (bytes == null) {
                            return;
                        }
                        for (String variant : base64Offsets(bytes)) {
                            next.add(SigmaString.literal(variant));
                        }
                        encoded = true;
                    }
                    default -> next.add(value);
                }
            }
            current = next;
        }
        for (Object value : current) {
            SigmaString s = asString(value);
            if (keyword && !hasPosition) {
                s = s.withPrefixAny().withSuffixAny();
            }
            // base64 text is case-significant: match it exactly
            out.add(s.compile(cased || encoded));
        }
    }

    /** The three base64 renderings of {@code value} at byte offsets 0, 1 and 2, trimmed to their stable part. */
    public static List<String> base64Offsets(byte[] value) {
        int[] start = {0, 2, 3};
        int[] endTrim = {0, 3, 2};
        List<String> out = new ArrayList<>(3);
        for (int i = 0; i < 3; i++) {
            byte[] shifted = new byte[i + value.length];
            for (int j = 0; j < i; j++) {
                shifted[j] = ' ';
            }
            System.arraycopy(value, 0, shifted, i, value.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            int trim = endTrim[(value.length + i) % 3];
            int end = encoded.length() - trim;
            out.add(start[i] <= end ? encoded.substring(start[i], end) : "");
        }
        return out;
    }

    /**
     * Replaces each {@code %name%} of {@code raw} by every configured value (every combination when there are
     * several); {@code \%} is a literal percent sign. Null when a placeholder has no values (recorded as unresolved).
     */
    private @Nullable List<String> expand(String raw, String path) {
        List<StringBuilder> results = new ArrayList<>();
        results.add(new StringBuilder(raw.length()));
        boolean missing = false;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(i + 1);
                for (StringBuilder r : results) {
                    if (next == '%') {
                        r.append('%');
                    } else {
                        r.append(c).append(next);
                    }
                }
                i += 2;
                continue;
            }
            int end = c == '%' ? placeholderEnd(raw, i + 1) : -1;
            if (end > i + 1) {
                String name = raw.substring(i + 1, end);
                List<String> replacements = placeholders.valuesOf(name);
                if (replacements.isEmpty()) {
                    unresolved.add(name);
                    missing = true;
                } else if (!missing) {
                    if ((long) results.size() * replacements.size() > MAX_EXPANSIONS) {
                        problem(path, "placeholders in '" + raw + "' expand into more than " + MAX_EXPANSIONS
                                + " values; configure fewer placeholder values");
                        return null;
                    }
                    List<StringBuilder> next = new ArrayList<>(results.size() * replacements.size());
                    for (StringBuilder r : results) {
                        for (String value : replacements) {
                            next.add(new StringBuilder(r).append(value));
                        }
                    }
                    results = next;
                }
                i = end + 1;
                continue;
            }
            for (StringBuilder r : results) {
                r.append(c);
            }
            i++;
        }
        if (missing) {
            return null;
        }
        List<String> out = new ArrayList<>(results.size());
        for (StringBuilder r : results) {
            out.add(r.toString());
        }
        return out;
    }

    /** The index of the closing '%' of a placeholder name starting at {@code from}, or -1 if none. */
    private static int placeholderEnd(String raw, int from) {
        for (int i = from; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                return i;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return -1;
            }
        }
        return -1;
    }

    private byte @Nullable [] plainBytes(Object value, String path, String mod) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        SigmaString s = (SigmaString) value;
        if (!s.isPlain()) {
            problem(path, "'" + mod + "' cannot encode wildcards; put contains/startswith/endswith after it");
            return null;
        }
        return s.text().getBytes(StandardCharsets.UTF_8);
    }

    private static SigmaString asString(Object value) {
        return value instanceof byte[] bytes
                ? SigmaString.literal(new String(bytes, StandardCharsets.ISO_8859_1)) : (SigmaString) value;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Kind setKind(Kind current, Kind wanted, String path, String mod) {
        if (current != Kind.STRING && current != wanted) {
            problem(path, "modifier '" + mod + "' cannot be combined with a " + current.name().toLowerCase(Locale.ROOT)
                    + " modifier");
            return current;
        }
        return wanted;
    }
}
