package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An alert or event linked to an incident as evidence.
 *
 * @param id evidence id
 * @param incidentId the incident
 * @param kind alert or event
 * @param ref the alert id or event id
 * @param note why it is linked
 * @param addedBy the actor id that linked it ({@code system} for the intake)
 * @param addedAt when
 */
public record Evidence(long id, long incidentId, Kind kind, String ref, Optional<String> note, String addedBy,
        Instant addedAt) {
    /** What the reference points at. */
    public enum Kind {
        /** A stored alert id. */
        ALERT,
        /** A stored event id. */
        EVENT
    }

    /** Validates the values. */
    public Evidence {
        requireNonNull(kind, "kind is null");
        requireNonNull(ref, "ref is null");
        requireNonNull(note, "note is null");
        requireNonNull(addedBy, "addedBy is null");
        requireNonNull(addedAt, "addedAt is null");
    }
}
