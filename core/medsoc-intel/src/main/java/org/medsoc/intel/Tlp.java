package org.medsoc.intel;

import java.util.Locale;
import java.util.Optional;

/** Traffic Light Protocol 2.0 label: who the recipient may share an indicator with. Ordered from least restrictive. */
public enum Tlp {
    /** Disclosure is not limited (TLP 1.0 WHITE). */
    CLEAR("TLP:CLEAR"),
    /** Limited disclosure, recipients may share within their community. */
    GREEN("TLP:GREEN"),
    /** Limited disclosure, recipients may share within their organisation and its clients. */
    AMBER("TLP:AMBER"),
    /** Limited disclosure, recipients may share only within their organisation. */
    AMBER_STRICT("TLP:AMBER+STRICT"),
    /** For the eyes and ears of individual recipients only. */
    RED("TLP:RED");

    private final String label;

    Tlp(String label) {
        this.label = label;
    }

    /** The label as written in documents, for example {@code TLP:AMBER+STRICT}. */
    public String label() {
        return label;
    }

    /** The more restrictive of this label and another. */
    public Tlp max(Tlp other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /**
     * Parses a label such as {@code TLP:GREEN}, {@code tlp:amber+strict}, {@code white} (TLP 1.0, read as CLEAR) or
     * {@code amber-strict}; answers empty for anything else.
     */
    public static Optional<Tlp> parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("tlp:")) {
            t = t.substring(4).strip();
        }
        return switch (t) {
            case "clear", "white" -> Optional.of(CLEAR);
            case "green" -> Optional.of(GREEN);
            case "amber" -> Optional.of(AMBER);
            case "amber+strict", "amber-strict", "amber strict" -> Optional.of(AMBER_STRICT);
            case "red" -> Optional.of(RED);
            default -> Optional.empty();
        };
    }
}
