package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One change of an incident: who did what when, and for field changes the old and new value.
 *
 * @param id entry id (ascending in time)
 * @param incidentId the incident
 * @param at when
 * @param actor who
 * @param what the change: {@code created}, {@code alerts_joined}, {@code severity_escalated}, a transition label
 *     ({@code acknowledge}, {@code contain}, ...), {@code assigned}, {@code edited}, {@code commented},
 *     {@code evidence_added}
 * @param field the changed field, for field changes
 * @param oldValue the value before
 * @param newValue the value after
 * @param note a reason or remark (reopen reason, resolution summary, ...)
 */
public record TimelineEntry(long id, long incidentId, Instant at, Actor actor, String what, Optional<String> field,
        Optional<String> oldValue, Optional<String> newValue, Optional<String> note) {
    /** Validates the values. */
    public TimelineEntry {
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(what, "what is null");
        requireNonNull(field, "field is null");
        requireNonNull(oldValue, "oldValue is null");
        requireNonNull(newValue, "newValue is null");
        requireNonNull(note, "note is null");
    }
}
