package org.medsoc.incident;

import java.util.Locale;

/** How bad an incident is. Ordered: {@link #rank()} grows with severity. */
public enum Severity {
    /** Minor or informational. */
    LOW(1),
    /** Needs attention today. */
    MEDIUM(2),
    /** Likely compromise or impact. */
    HIGH(3),
    /** Active compromise of a clinical system or patient data. */
    CRITICAL(4);

    private final int rank;

    Severity(int rank) {
        this.rank = rank;
    }

    /** 1 (low) to 4 (critical). */
    public int rank() {
        return rank;
    }

    /** The lowercase name used in the API: {@code critical}, {@code high}, {@code medium}, {@code low}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The severity of an alert: from its Sigma level ({@code informational} counts as low) or, for an unknown level,
     * from its 0-100 severity score.
     */
    public static Severity ofAlert(String level, int score) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "critical" -> CRITICAL;
            case "high" -> HIGH;
            case "medium" -> MEDIUM;
            case "low", "informational" -> LOW;
            default -> score >= 90 ? CRITICAL : score >= 70 ? HIGH : score >= 40 ? MEDIUM : LOW;
        };
    }

    /** Parses {@code critical|high|medium|low} (any case); empty if not one of them. */
    public static java.util.Optional<Severity> parse(String text) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text.strip())) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
