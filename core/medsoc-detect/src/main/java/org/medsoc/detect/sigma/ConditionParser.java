package org.medsoc.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medsoc.detect.Problem;

/**
 * Parses a Sigma condition (or, and, not, parentheses, {@code N of}/{@code any of}/{@code all of} patterns or
 * {@code them}) into a
 * matcher over the compiled search identifiers. Precedence from loosest: or, and, not, x of, parentheses.
 */
public final class ConditionParser {
    private final String text;
    private final String path;
    private final Map<String, Matcher> identifiers;
    private final List<Problem> problems;
    private final List<int[]> tokens = new ArrayList<>(); // start, end
    private int position;

    private ConditionParser(String text, String path, Map<String, Matcher> identifiers, List<Problem> problems) {
        this.text = text;
        this.path = path;
        this.identifiers = identifiers;
        this.problems = problems;
    }

    /** Parses {@code text}; on error adds a problem (with the character position) and returns null. */
    public static Matcher parse(String text, String path, Map<String, Matcher> identifiers, List<Problem> problems) {
        ConditionParser parser = new ConditionParser(text, path, identifiers, problems);
        try {
            parser.tokenize();
            if (parser.tokens.isEmpty()) {
                throw parser.error(0, "condition is empty; reference at least one search identifier");
            }
            Matcher result = parser.or();
            if (parser.position < parser.tokens.size()) {
                throw parser.error(parser.start(), "unexpected '" + parser.token() + "'; expected 'and', 'or' or end");
            }
            return result;
        } catch (SyntaxError e) {
            return null;
        }
    }

    private static final class SyntaxError extends Exception {
        SyntaxError() {
            super(null, null, false, false);
        }
    }

    private SyntaxError error(int at, String message) {
        problems.add(new Problem(path, message + " (at position " + at + " of '" + text + "')"));
        return new SyntaxError();
    }

    private void tokenize() throws SyntaxError {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(new int[] {i, i + 1});
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '*' || c == '-' || c == '.') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || "_*-.".indexOf(text.charAt(i)) >= 0)) {
                    i++;
                }
                tokens.add(new int[] {start, i});
            } else {
                throw error(i, "unexpected character '" + c + "'");
            }
        }
    }

    private String token() {
        int[] t = tokens.get(position);
        return text.substring(t[0], t[1]);
    }

    private int start() {
        return position < tokens.size() ? tokens.get(position)[0] : text.length();
    }

    private boolean peekWord(String word) {
        return position < tokens.size() && token().toLowerCase(Locale.ROOT).equals(word);
    }

    private Matcher or() throws SyntaxError {
        List<Matcher> parts = new ArrayList<>();
        parts.add(and());
        while (peekWord("or")) {
            position++;
            parts.add(and());
        }
        return Logic.or(parts);
    }

    private Matcher and() throws SyntaxError {
        List<Matcher> parts = new ArrayList<>();
        parts.add(not());
        while (peekWord("and")) {
            position++;
            parts.add(not());
        }
        return Logic.and(parts);
    }

    private Matcher not() throws SyntaxError {
        if (peekWord("not")) {
            position++;
            return new Logic.Not(not());
        }
        return primary();
    }

    private Matcher primary() throws SyntaxError {
        if (position >= tokens.size()) {
            throw error(text.length(), "condition ends unexpectedly; expected a search identifier, 'not' or '('");
        }
        String token = token();
        String lower = token.toLowerCase(Locale.ROOT);
        int at = start();
        if (token.equals("(")) {
            position++;
            Matcher inner = or();
            if (position >= tokens.size() || !token().equals(")")) {
                throw error(start(), "missing ')' for '(' at position " + at);
            }
            position++;
            return inner;
        }
        if (token.equals(")")) {
            throw error(at, "unexpected ')'");
        }
        if (lower.equals("and") || lower.equals("or")) {
            throw error(at, "unexpected '" + token + "'; expected a search identifier");
        }
        boolean count = isCount(lower);
        if ((count || lower.equals("any") || lower.equals("all"))
                && position + 1 < tokens.size() && tokensLower(position + 1).equals("of")) {
            boolean all = lower.equals("all");
            int atLeast = all ? 0 : count ? parseCount(lower, at) : 1;
            position += 2;
            if (position >= tokens.size()) {
                throw error(text.length(), "'" + token + " of' needs a pattern or 'them'");
            }
            String pattern = token();
            int patternAt = start();
            position++;
            List<Matcher> selected = new ArrayList<>();
            boolean them = pattern.equalsIgnoreCase("them");
            for (Map.Entry<String, Matcher> e : identifiers.entrySet()) {
                if (them ? !e.getKey().startsWith("_") : globMatches(pattern, e.getKey())) {
                    selected.add(e.getValue());
                }
            }
            if (selected.isEmpty()) {
                throw error(patternAt, "pattern '" + pattern + "' matches no search identifier; defined: "
                        + identifiers.keySet());
            }
            if (atLeast > selected.size()) {
                throw error(at, "'" + token + " of " + pattern + "' can never match: the pattern selects only "
                        + selected.size() + " search identifier(s); lower the number or use 'all of'");
            }
            if (all || atLeast == selected.size()) {
                return Logic.and(selected);
            }
            return atLeast == 1 ? Logic.or(selected) : new Logic.AtLeast(atLeast, selected.toArray(Matcher[]::new));
        }
        if (token.contains("*")) {
            throw error(at, "wildcard identifier '" + token + "' is only allowed after '1 of' or 'all of'");
        }
        Matcher m = identifiers.get(token);
        if (m == null) {
            throw error(at, "unknown search identifier '" + token + "'; defined: " + identifiers.keySet());
        }
        position++;
        return m;
    }

    private static boolean isCount(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private int parseCount(String token, int at) throws SyntaxError {
        int n;
        try {
            n = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw error(at, "'" + token + " of' uses a number too large; use 'all of'");
        }
        if (n < 1) {
            throw error(at, "'0 of' is meaningless; use '1 of' (any) or 'all of'");
        }
        return n;
    }

    private String tokensLower(int index) {
        int[] t = tokens.get(index);
        return text.substring(t[0], t[1]).toLowerCase(Locale.ROOT);
    }

    private static boolean globMatches(String pattern, String name) {
        return SigmaString.parse(pattern).compile(true).matches(name);
    }
}
