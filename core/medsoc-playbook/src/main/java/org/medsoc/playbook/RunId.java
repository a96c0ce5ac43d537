package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** The identity of one playbook run (a UUID in text form). */
public record RunId(String value) {
    /** Validates the id. */
    public RunId {
        requireNonNull(value, "value is null");
        if (value.isEmpty() || value.length() > 36) {
            throw new IllegalArgumentException("run id must be 1 to 36 characters: '" + value + "'");
        }
    }

    /** A new random run id. */
    public static RunId random() {
        return new RunId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
