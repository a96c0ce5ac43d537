package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Changes to an incident's descriptive fields; absent parts stay as they are.
 *
 * @param title new title (1 to 500 characters)
 * @param description new description (at most 10,000 characters)
 * @param severity new severity (recomputes the SLA deadlines from the clock start)
 */
public record IncidentEdit(Optional<String> title, Optional<String> description, Optional<Severity> severity) {
    /** Validates the values. */
    public IncidentEdit {
        requireNonNull(title, "title is null");
        requireNonNull(description, "description is null");
        requireNonNull(severity, "severity is null");
    }

    /** Only a new title. */
    public static IncidentEdit title(String title) {
        return new IncidentEdit(Optional.of(title), Optional.empty(), Optional.empty());
    }

    /** Only a new description. */
    public static IncidentEdit description(String description) {
        return new IncidentEdit(Optional.empty(), Optional.of(description), Optional.empty());
    }

    /** Only a new severity. */
    public static IncidentEdit severity(Severity severity) {
        return new IncidentEdit(Optional.empty(), Optional.empty(), Optional.of(severity));
    }
}
