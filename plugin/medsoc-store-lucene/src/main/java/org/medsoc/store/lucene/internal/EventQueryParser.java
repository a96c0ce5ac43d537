package org.medsoc.store.lucene.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.FieldType;

/**
 * Parses query strings in Lucene classic syntax (the syntax of OpenSearch {@code query_string}) into Lucene queries,
 * letting each field's {@link FieldType} decide what a term means.
 *
 * <ul>
 *   <li>Bare terms search {@code message}; {@code *:*}, {@code *} and a blank query match everything; the default
 *       operator is OR.</li>
 *   <li>KEYWORD (and any name not in the registry): exact, case-sensitive terms; {@code adm*}, {@code a?m},
 *       {@code /regex/}, {@code [a TO m]}, {@code >=m}.</li>
 *   <li>TEXT: analysed by {@link LogAnalyzer}; a term that analyses to several words is a phrase
 *       ({@code message:10.1.2.3}); quoted phrases, wildcards; {@code <name>.keyword} is the exact value.</li>
 *   <li>LONG: {@code 443}, {@code [1 TO 1024]}, {@code {1 TO *}}, {@code >=500}, {@code <10}.</li>
 *   <li>DATE and {@code @timestamp}: epoch millis or ISO-8601 ({@link DateValues}) in ranges and comparisons;
 *       a bare date matches its whole period (a day for {@code 2026-11-25}).</li>
 *   <li>IP: {@code 10.1.2.3}, CIDR {@code 10.0.0.0/8} (quoted or not), ranges, comparisons, IPv6 quoted or
 *       unquoted.</li>
 *   <li>{@code _exists_:field} and {@code field:*}: the field has an indexed value.</li>
 * </ul>
 * Errors are {@link StandardErrorCode#INVALID_QUERY} with the query, the problem and its column.
 */
public final class EventQueryParser {
    /** The field bare terms search. */
    public static final String DEFAULT_FIELD = "message";

    private static final Analyzer ANALYZER = new LogAnalyzer();

    private EventQueryParser() {}

    /** The query of a query string (blank: all documents). */
    public static Query parse(String query) {
        if (query.isBlank()) {
            return MatchAllDocsQuery.INSTANCE;
        }
        String prepared = escapeTypedValues(query);
        Parser parser = new Parser(query);
        try {
            return parser.parse(prepared);
        } catch (ParseException e) {
            throw syntaxError(query, e);
        } catch (MedsocException e) {
            // a value error met before a syntax error further right: the syntax error is the one to fix first
            QueryParser syntaxOnly = new QueryParser(DEFAULT_FIELD, ANALYZER);
            syntaxOnly.setSplitOnWhitespace(true);
            syntaxOnly.setAllowLeadingWildcard(true);
            try {
                syntaxOnly.parse(prepared);
            } catch (ParseException syntax) {
                throw syntaxError(query, syntax);
            } catch (RuntimeException ignored) {
                // not a syntax problem
            }
            throw e;
        } catch (IllegalArgumentException e) {
            // e.g. an invalid regular expression or an automaton too complex to build
            throw invalid(query, String.valueOf(e.getMessage()));
        }
    }

    private static MedsocException syntaxError(String query, ParseException e) {
        return invalid(query, describe(e.getMessage()) + ". Check quotes, parentheses and brackets; escape the"
                + " special characters + - && || ! ( ) { } [ ] ^ \" ~ * ? : \\ / with a backslash");
    }

    static MedsocException invalid(String query, String problem) {
        return new MedsocException(StandardErrorCode.INVALID_QUERY, "cannot parse query '" + query + "': " + problem);
    }

    private static String describe(@Nullable String message) {
        if (message == null) {
            return "syntax error";
        }
        String m = message;
        if (m.startsWith("Cannot parse '")) {
            int split = m.indexOf("': ");
            // the parsed text may itself contain "': ", so cut at the last occurrence before the first line break
            int newline = m.indexOf('\n');
            int limit = newline < 0 ? m.length() : newline;
            int last = m.lastIndexOf("': ", limit);
            if (last >= 0) {
                split = last;
            }
            if (split >= 0) {
                m = m.substring(split + 3);
            }
        }
        int newline = m.indexOf('\n');
        if (newline >= 0) {
            m = m.substring(0, newline);
        }
        m = m.replace("at line 1, column", "at column").trim();
        if (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }

    /**
     * Escapes {@code :} and {@code /} inside unquoted values of IP and DATE fields so that {@code 10.0.0.0/8},
     * {@code fe80::1} and {@code >=2026-11-25T10:00:00Z} parse as single terms, as users write them.
     */
    static String escapeTypedValues(String q) {
        int n = q.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = q.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                i = skipTo(q, i + 1, '"') + 1;
            } else if (c == '[' || c == '{') {
                i = Math.min(skipTo(q, i + 1, ']'), skipTo(q, i + 1, '}')) + 1;
            } else if (c == '/' && atTermStart(q, i)) {
                i = skipTo(q, i + 1, '/') + 1;
            } else if (isFieldChar(c) && atTermStart(q, i)) {
                int j = i;
                while (j < n && isFieldChar(q.charAt(j))) {
                    j++;
                }
                if (j + 1 < n && q.charAt(j) == ':') {
                    FieldType type = FieldNames.typeOf(q.substring(i, j));
                    int v = j + 1;
                    if ((type == FieldType.IP || type == FieldType.DATE) && isPlainValueStart(q.charAt(v))) {
                        int e = v;
                        while (e < n && !Character.isWhitespace(q.charAt(e)) && q.charAt(e) != ')') {
                            e++;
                        }
                        if (isPlainValue(q, v, e)) {
                            if (out == null) {
                                out = new StringBuilder(n + 8);
                            }
                            out.append(q, copied, v);
                            for (int k = v; k < e; k++) {
                                char d = q.charAt(k);
                                if (d == ':' || d == '/') {
                                    out.append('\\');
                                }
                                out.append(d);
                            }
                            copied = e;
                        }
                        i = e;
                    } else {
                        i = j + 1;
                    }
                } else {
                    i = j;
                }
            } else {
                i++;
            }
        }
        if (out == null) {
            return q;
        }
        return out.append(q, copied, n).toString();
    }

    private static int skipTo(String q, int from, char close) {
        for (int i = from; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == close) {
                return i;
            }
        }
        return q.length();
    }

    private static boolean atTermStart(String q, int i) {
        if (i == 0) {
            return true;
        }
        char p = q.charAt(i - 1);
        return Character.isWhitespace(p) || p == '(' || p == '+' || p == '-' || p == '!' || p == ':';
    }

    private static boolean isFieldChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-'
                || c == '@'
                || c == '.';
    }

    private static boolean isPlainValueStart(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '<'
                || c == '>';
    }

    private static boolean isPlainValue(String q, int from, int to) {
        boolean special = false;
        for (int k = from; k < to; k++) {
            char c = q.charAt(k);
            boolean ok = (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '.'
                    || c == ':'
                    || c == '/'
                    || c == '-'
                    || c == '+'
                    || c == '<'
                    || c == '>'
                    || c == '=';
            if (!ok) {
                return false;
            }
            special |= c == ':' || c == '/';
        }
        return special;
    }

    /** The classic parser with typed field handling; one per parse (not thread-safe). */
    private static final class Parser extends QueryParser {
        private final String original;

        Parser(String original) {
            super(DEFAULT_FIELD, ANALYZER);
            this.original = original;
            setSplitOnWhitespace(true);
            setAllowLeadingWildcard(true);
            setAutoGeneratePhraseQueries(true);
            setDefaultOperator(OR_OPERATOR);
        }

        @Override
        protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
            if (field.equals(FieldNames.EXISTS)) {
                return exists(queryText);
            }
            checkField(field);
            FieldType type = FieldNames.typeOf(field);
            String comparison = quoted ? null : comparison(queryText);
            if (comparison != null && type != FieldType.TEXT) {
                String bound = queryText.substring(comparison.length());
                return switch (comparison) {
                    case ">=" -> range(field, type, bound, null, true, true);
                    case ">" -> range(field, type, bound, null, false, true);
                    case "<=" -> range(field, type, null, bound, true, true);
                    default -> range(field, type, null, bound, true, false);
                };
            }
            return switch (type) {
                case KEYWORD -> new TermQuery(new Term(field, queryText));
                case TEXT -> nonNull(super.getFieldQuery(field, queryText, quoted));
                case LONG -> LongPoint.newExactQuery(field, parseLong(field, queryText));
                case DATE -> {
                    long[] period = parseDate(field, queryText);
                    yield LongPoint.newRangeQuery(field, period[0], period[1] - 1);
                }
                case IP -> ipQuery(field, queryText);
            };
        }

        @Override
        protected @Nullable Query getBooleanQuery(List<BooleanClause> clauses) throws ParseException {
            // a purely negative query ("NOT x") means "everything except x", as in OpenSearch query_string
            boolean allNegative = !clauses.isEmpty();
            for (BooleanClause c : clauses) {
                allNegative &= c.occur() == BooleanClause.Occur.MUST_NOT;
            }
            if (!allNegative) {
                return super.getBooleanQuery(clauses);
            }
            List<BooleanClause> withAll = new ArrayList<>(clauses);
            withAll.add(new BooleanClause(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER));
            return super.getBooleanQuery(withAll);
        }

        @Override
        protected Query getRangeQuery(
                String field, @Nullable String part1, @Nullable String part2, boolean startInclusive,
                boolean endInclusive)
                throws ParseException {
            checkField(field);
            FieldType type = FieldNames.typeOf(field);
            if (type == FieldType.TEXT) {
                return super.getRangeQuery(field, part1, part2, startInclusive, endInclusive);
            }
            return range(field, type, part1, part2, startInclusive, endInclusive);
        }

        @Override
        protected Query getWildcardQuery(String field, String termStr) throws ParseException {
            if (field.equals("*")) {
                if (termStr.equals("*")) {
                    return MatchAllDocsQuery.INSTANCE;
                }
                throw invalid(original, "searching every field ('*:" + termStr + "') is not supported; name a field"
                        + " or use bare terms to search " + DEFAULT_FIELD);
            }
            if (termStr.equals("*")) {
                return field.equals(DEFAULT_FIELD) ? MatchAllDocsQuery.INSTANCE : exists(field);
            }
            FieldType type = multiTermType(field, termStr, "wildcards");
            return type == FieldType.TEXT
                    ? super.getWildcardQuery(field, termStr)
                    : new WildcardQuery(new Term(field, termStr), getDeterminizeWorkLimit());
        }

        @Override
        protected Query getPrefixQuery(String field, String termStr) throws ParseException {
            FieldType type = multiTermType(field, termStr + "*", "wildcards");
            return type == FieldType.TEXT
                    ? super.getPrefixQuery(field, termStr)
                    : new PrefixQuery(new Term(field, termStr));
        }

        @Override
        protected Query getRegexpQuery(String field, String termStr) throws ParseException {
            FieldType type = multiTermType(field, "/" + termStr + "/", "regular expressions");
            return type == FieldType.TEXT
                    ? super.getRegexpQuery(field, termStr)
                    : new RegexpQuery(new Term(field, termStr), 0xff, getDeterminizeWorkLimit());
        }

        @Override
        protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) throws ParseException {
            FieldType type = multiTermType(field, termStr + "~", "fuzzy terms");
            if (type == FieldType.TEXT) {
                return super.getFuzzyQuery(field, termStr, minSimilarity);
            }
            int edits = minSimilarity >= 1 ? Math.min((int) minSimilarity, FuzzyQuery.defaultMaxEdits) : 2;
            return new FuzzyQuery(new Term(field, termStr), edits);
        }

        private FieldType multiTermType(String field, String term, String what) {
            checkField(field);
            FieldType type = FieldNames.typeOf(field);
            return switch (type) {
                case KEYWORD, TEXT -> type;
                case LONG, DATE -> throw invalid(original, what + " are not supported on " + type + " field '" + field
                        + "' (" + field + ":" + term + "); use a range such as " + field + ":[1 TO 1024]");
                case IP -> throw invalid(original, what + " are not supported on IP field '" + field + "' ("
                        + field + ":" + term + "); use CIDR notation such as " + field + ":10.1.0.0/16");
            };
        }

        private void checkField(String field) {
            if (field.equals(FieldNames.SOURCE)) {
                throw invalid(original, "field '" + FieldNames.SOURCE + "' cannot be searched");
            }
            if (field.equals("*")) {
                throw invalid(original, "searching every field ('*') is not supported; name a field or use bare"
                        + " terms to search " + DEFAULT_FIELD);
            }
        }

        private Query exists(String field) {
            if (FieldNames.isReserved(field) || field.equals(FieldNames.SOURCE)) {
                return MatchAllDocsQuery.INSTANCE;
            }
            return new FieldExistsQuery(field);
        }

        private Query range(
                String field, FieldType type, @Nullable String lower, @Nullable String upper, boolean lowerInclusive,
                boolean upperInclusive) {
            String lo = lower == null || lower.equals("*") ? null : lower;
            String hi = upper == null || upper.equals("*") ? null : upper;
            switch (type) {
                case KEYWORD, TEXT -> {
                    return TermRangeQuery.newStringRange(field, lo, hi, lowerInclusive, upperInclusive);
                }
                case LONG -> {
                    long from = lo == null ? Long.MIN_VALUE : parseLong(field, lo);
                    long to = hi == null ? Long.MAX_VALUE : parseLong(field, hi);
                    if (lo != null && !lowerInclusive) {
                        if (from == Long.MAX_VALUE) {
                            return new MatchNoDocsQuery("empty range");
                        }
                        from++;
                    }
                    if (hi != null && !upperInclusive) {
                        if (to == Long.MIN_VALUE) {
                            return new MatchNoDocsQuery("empty range");
                        }
                        to--;
                    }
                    return LongPoint.newRangeQuery(field, from, to);
                }
                case DATE -> {
                    long from = Long.MIN_VALUE;
                    long to = Long.MAX_VALUE;
                    if (lo != null) {
                        long[] p = parseDate(field, lo);
                        from = lowerInclusive ? p[0] : p[1];
                    }
                    if (hi != null) {
                        long[] p = parseDate(field, hi);
                        to = upperInclusive ? p[1] - 1 : p[0] - 1;
                    }
                    return LongPoint.newRangeQuery(field, from, to);
                }
                case IP -> {
                    InetAddress from = lo == null ? InetAddressPoint.MIN_VALUE : parseIp(field, lo);
                    InetAddress to = hi == null ? InetAddressPoint.MAX_VALUE : parseIp(field, hi);
                    try {
                        if (lo != null && !lowerInclusive) {
                            from = InetAddressPoint.nextUp(from);
                        }
                        if (hi != null && !upperInclusive) {
                            to = InetAddressPoint.nextDown(to);
                        }
                    } catch (ArithmeticException e) {
                        return new MatchNoDocsQuery("empty range");
                    }
                    return InetAddressPoint.newRangeQuery(field, from, to);
                }
            }
            throw new IllegalStateException("unreachable");
        }

        private Query ipQuery(String field, String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                return InetAddressPoint.newExactQuery(field, parseIp(field, text));
            }
            InetAddress address = parseIp(field, text.substring(0, slash));
            int max = address.getAddress().length * 8;
            int prefix = -1;
            String bits = text.substring(slash + 1);
            if (EventDocuments.isLong(bits) && bits.length() <= 3) {
                prefix = Integer.parseInt(bits);
            }
            if (prefix < 0 || prefix > max) {
                throw invalid(original, "invalid CIDR prefix length '" + bits + "' in " + field + ":" + text
                        + "; expected 0.." + max);
            }
            return InetAddressPoint.newPrefixQuery(field, address, prefix);
        }

        private InetAddress parseIp(String field, String text) {
            InetAddress a = IpAddresses.toInetAddress(text);
            if (a == null) {
                throw invalid(original, "'" + text + "' is not an IP address for IP field '" + field + "'; expected"
                        + " an IPv4 or IPv6 address such as 10.1.2.3, or CIDR such as 10.0.0.0/8");
            }
            return a;
        }

        private long parseLong(String field, String text) {
            if (!EventDocuments.isLong(text)) {
                throw invalid(original, "'" + text + "' is not an integer for numeric field '" + field + "'");
            }
            return Long.parseLong(text);
        }

        private long[] parseDate(String field, String text) {
            long[] p = DateValues.parse(text);
            if (p == null) {
                throw invalid(original, "'" + text + "' is not a date for date field '" + field + "'; expected epoch"
                        + " milliseconds or ISO-8601 such as 2026-11-25 or 2026-11-25T10:00:00Z");
            }
            return p;
        }

        private static @Nullable String comparison(String text) {
            if (text.length() < 2) {
                return null;
            }
            if (text.startsWith(">=") || text.startsWith("<=")) {
                return text.length() > 2 ? text.substring(0, 2) : null;
            }
            char c = text.charAt(0);
            return c == '>' || c == '<' ? text.substring(0, 1) : null;
        }

        private static Query nonNull(@Nullable Query q) {
            // the analyser produced no tokens (only separators): nothing can match
            return q == null ? new MatchNoDocsQuery("no terms") : q;
        }
    }
}
