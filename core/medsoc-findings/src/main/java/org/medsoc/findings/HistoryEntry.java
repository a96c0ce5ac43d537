package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One change of a finding.
 *
 * @param at when
 * @param actor who
 * @param action what: {@code CREATED}, {@code REOPENED}, {@code FIXED}, {@code PLANNED}, {@code ACCEPTED},
 *     {@code ACCEPTANCE_EXPIRED}, {@code FALSE_POSITIVE}, {@code MARKED_FIXED}, {@code RETEST_REQUESTED}, {@code
 *     RETEST_VERIFIED}, {@code RETEST_STILL_PRESENT}, {@code KNOWN_EXPLOITED}, {@code REOPENED_MANUALLY}
 * @param fromState the state before, if the state changed
 * @param toState the state after, if the state changed
 * @param detail free text (the reason, the plan, the import id)
 */
public record HistoryEntry(Instant at, Actor actor, String action, Optional<FindingState> fromState,
        Optional<FindingState> toState, String detail) {
    /** Validates the values. */
    public HistoryEntry {
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(fromState, "fromState is null");
        requireNonNull(toState, "toState is null");
        requireNonNull(detail, "detail is null");
    }
}
