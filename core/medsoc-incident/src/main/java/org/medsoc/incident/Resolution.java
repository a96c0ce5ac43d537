package org.medsoc.incident;

import java.util.Locale;

/** Why an incident was resolved. */
public enum Resolution {
    /** A real attack or policy violation. */
    TRUE_POSITIVE,
    /** The rule fired on activity that is not what it looks for. */
    FALSE_POSITIVE,
    /** The activity is real but expected and harmless (e.g. an authorised scan). */
    BENIGN,
    /** Already handled in another incident. */
    DUPLICATE;

    /** The API name: {@code true_positive}, {@code false_positive}, {@code benign}, {@code duplicate}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
