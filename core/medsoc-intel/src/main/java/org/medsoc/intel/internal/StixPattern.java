package org.medsoc.intel.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.medsoc.intel.IndicatorKey;
import org.medsoc.intel.IndicatorType;
import org.medsoc.spi.error.MedsocException;

/**
 * A reader and writer for the subset of STIX 2.1 patterning that names single values: comparisons
 * {@code object-path = 'literal'} inside {@code [...]}, joined by {@code OR} inside and between observations.
 * Anything else (AND, FOLLOWEDBY, other operators, qualifiers, unknown object paths) is refused with a message
 * saying what was found where, since it cannot be turned into a set of values.
 */
public final class StixPattern {
    /** The values of a pattern, or why it cannot be expressed as values. */
    public record Parsed(List<IndicatorKey> keys, @Nullable String error) {}

    private final String text;
    private int pos;

    private StixPattern(String text) {
        this.text = text;
    }

    /** Parses a pattern. */
    public static Parsed parse(String pattern) {
        StixPattern p = new StixPattern(pattern);
        List<IndicatorKey> keys = new ArrayList<>();
        try {
            p.expression(keys, 0);
            p.skipSpace();
            if (p.pos < p.text.length()) {
                throw p.unsupported("unexpected '" + p.peekWord() + "'");
            }
            if (keys.isEmpty()) {
                throw p.unsupported("the pattern has no comparison");
            }
            return new Parsed(List.copyOf(keys), null);
        } catch (Refusal r) {
            return new Parsed(List.of(), r.getMessage());
        }
    }

    /** The pattern naming one value, for example {@code [domain-name:value = 'evil.example']}. */
    public static String format(IndicatorKey key) {
        String path = switch (key.type()) {
            case IPV4 -> "ipv4-addr:value";
            case IPV6 -> "ipv6-addr:value";
            case CIDR -> key.value().indexOf(':') >= 0 ? "ipv6-addr:value" : "ipv4-addr:value";
            case DOMAIN -> "domain-name:value";
            case URL -> "url:value";
            case EMAIL -> "email-addr:value";
            case MD5 -> "file:hashes.MD5";
            case SHA1 -> "file:hashes.'SHA-1'";
            case SHA256 -> "file:hashes.'SHA-256'";
            case USER_AGENT -> "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'";
        };
        return "[" + path + " = '" + key.value().replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** The indicator type an SCO's {@code value} has, for SCO object types; null for other types. */
    public static @Nullable IndicatorType scoType(String objectType, String value) {
        return switch (objectType) {
            case "ipv4-addr", "ipv6-addr" -> value.indexOf('/') >= 0
                    ? IndicatorType.CIDR : objectType.equals("ipv4-addr") ? IndicatorType.IPV4 : IndicatorType.IPV6;
            case "domain-name" -> IndicatorType.DOMAIN;
            case "url" -> IndicatorType.URL;
            case "email-addr" -> IndicatorType.EMAIL;
            default -> null;
        };
    }

    /** The hash type of a STIX hash algorithm name ({@code MD5}, {@code SHA-1}, {@code SHA-256}); null otherwise. */
    public static @Nullable IndicatorType hashType(String algorithm) {
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "MD5" -> IndicatorType.MD5;
            case "SHA-1", "SHA1" -> IndicatorType.SHA1;
            case "SHA-256", "SHA256" -> IndicatorType.SHA256;
            default -> null;
        };
    }

    private void expression(List<IndicatorKey> keys, int depth) {
        if (depth > 32) {
            throw unsupported("parentheses are nested too deeply");
        }
        while (true) {
            skipSpace();
            if (peek() == '(') {
                pos++;
                expression(keys, depth + 1);
                expect(')');
            } else {
                observation(keys);
            }
            skipSpace();
            String word = peekWord();
            if (word.equals("OR")) {
                pos += 2;
                continue;
            }
            if (word.equals("AND") || word.equals("FOLLOWEDBY")) {
                throw unsupported(word + " between observations (at " + pos + ") needs several objects at once");
            }
            if (word.equals("WITHIN") || word.equals("REPEATS") || word.equals("START")) {
                throw unsupported("temporal qualifier " + word + " (at " + pos + ")");
            }
            return;
        }
    }

    private void observation(List<IndicatorKey> keys) {
        expect('[');
        while (true) {
            skipSpace();
            boolean grouped = peek() == '(';
            if (grouped) {
                pos++;
                skipSpace();
            }
            comparison(keys);
            skipSpace();
            if (grouped) {
                expect(')');
                skipSpace();
            }
            String word = peekWord();
            if (word.equals("OR")) {
                pos += 2;
                continue;
            }
            if (word.equals("AND")) {
                throw unsupported("AND inside an observation (at " + pos + ") needs several values at once");
            }
            break;
        }
        expect(']');
        skipSpace();
        String word = peekWord();
        if (word.equals("WITHIN") || word.equals("REPEATS") || word.equals("START")) {
            throw unsupported("temporal qualifier " + word + " (at " + pos + ")");
        }
    }

    private void comparison(List<IndicatorKey> keys) {
        int start = pos;
        String path = path();
        skipSpace();
        String op = operator();
        if (!op.equals("=")) {
            throw unsupported("operator " + op + " (at " + start + ") is not supported; only = is");
        }
        skipSpace();
        if (peek() != '\'') {
            throw unsupported("expected a string literal after '" + path + " =' (at " + pos + ")");
        }
        String literal = literal();
        IndicatorType type = pathType(path, literal);
        if (type == null) {
            throw unsupported("object path " + path + " (at " + start + ") is not supported");
        }
        try {
            keys.add(new IndicatorKey(type, literal));
        } catch (MedsocException e) {
            throw unsupported(e.getMessage());
        }
    }

    private static @Nullable IndicatorType pathType(String path, String literal) {
        int colon = path.indexOf(':');
        String object = path.substring(0, colon);
        String property = path.substring(colon + 1);
        if (property.equals("value")) {
            return scoType(object, literal);
        }
        if (object.equals("file") && property.startsWith("hashes.")) {
            return hashType(property.substring(7));
        }
        if (object.equals("email-message") && (property.equals("from_ref.value")
                || property.equals("sender_ref.value"))) {
            return IndicatorType.EMAIL;
        }
        if (object.equals("network-traffic")
                && property.equalsIgnoreCase("extensions.http-request-ext.request_header.User-Agent")) {
            return IndicatorType.USER_AGENT;
        }
        return null;
    }

    private String path() {
        StringBuilder sb = new StringBuilder();
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\'' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '.') {
                sb.append(literal());
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':' || c == '.' || c == '*'
                    || c == '[' && sb.indexOf(":") >= 0) {
                if (c == '[') {
                    throw unsupported("list index in object path (at " + pos + ")");
                }
                sb.append(c);
                pos++;
            } else {
                break;
            }
        }
        String path = sb.toString();
        if (path.isEmpty()) {
            throw unsupported("expected an object path (at " + start + "), found '" + peekWord() + "'");
        }
        if (path.equals("NOT")) {
            throw unsupported("NOT (at " + start + ") is not supported");
        }
        if (path.indexOf(':') <= 0) {
            throw unsupported("'" + path + "' (at " + start + ") is not an object path");
        }
        return path;
    }

    private String operator() {
        int start = pos;
        while (pos < text.length() && "=!<>".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos > start) {
            return text.substring(start, pos);
        }
        String word = peekWord();
        if (word.isEmpty()) {
            throw unsupported("expected an operator (at " + pos + ")");
        }
        pos += word.length();
        return word;
    }

    private String literal() {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                sb.append(text.charAt(pos++));
            } else if (c == '\'') {
                return sb.toString();
            } else {
                sb.append(c);
            }
        }
        throw unsupported("unterminated string literal starting at " + start);
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw unsupported("expected '" + c + "' at " + pos + ", found "
                    + (pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end"));
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String peekWord() {
        int end = pos;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return end == pos && pos < text.length() ? String.valueOf(text.charAt(pos)) : text.substring(pos, end);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Refusal unsupported(String message) {
        return new Refusal(message);
    }

    /** Internal control flow: the pattern cannot be read as values. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
