package org.medsoc.playbook;

import java.util.Locale;
import java.util.Optional;

/** Alert levels as Sigma names them, lowest first. */
public enum AlertLevel {
    INFORMATIONAL,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The level with this (case-insensitive) name. */
    public static Optional<AlertLevel> parse(String name) {
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
