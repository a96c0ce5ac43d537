package org.medsoc.vuln.internal;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Small text normalisations shared by the report parsers. */
final class TextValues {
    static final String TRUNCATION_MARK = "\n[... truncated by medsoc]";

    private TextValues() {}

    /** Empty for null or blank, else the trimmed text. */
    static Optional<String> optional(@Nullable String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    /** The trimmed text, empty for null. */
    static String orEmpty(@Nullable String text) {
        return text == null ? "" : text.strip();
    }

    /** Runs of whitespace (including newlines) collapsed to one space, trimmed. */
    static String collapseWhitespace(@Nullable String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text cut to {@code max} chars with a visible truncation mark. */
    static String bounded(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + TRUNCATION_MARK;
    }

    /** The CVE id upper-cased, or null when it is not of the form CVE-yyyy-nnnn. */
    static @Nullable String cve(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String id = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (id.length() < 13 || !id.startsWith("CVE-") || id.charAt(8) != '-') {
            return null;
        }
        for (int i = 4; i < id.length(); i++) {
            char c = id.charAt(i);
            if (i != 8 && (c < '0' || c > '9')) {
                return null;
            }
        }
        return id;
    }

    /** A CWE reference ({@code 79}, {@code CWE-79}, {@code cwe:79}) as {@code CWE-79}, or null. */
    static @Nullable String cwe(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String id = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (id.startsWith("CWE-") || id.startsWith("CWE:")) {
            id = id.substring(4);
        }
        if (id.isEmpty()) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return null;
            }
        }
        return "CWE-" + id;
    }

    /** An ISO-8601 instant ({@code 2023-09-28T14:48:02Z}, fractions and offsets allowed), or null. */
    static @Nullable Instant isoInstant(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Seconds since the epoch as an instant, or empty when not a number. */
    static Optional<Instant> epochSeconds(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
