package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A roster override: from the start of {@code firstDay} to the end of {@code lastDay} (tenant time zone), contact
 * {@code coveringId} takes the place of {@code coveredId} wherever the latter appears in the chain, or becomes the
 * primary when {@code coveredId} is empty (the previous primary moves down one place).
 *
 * @param coveringId the contact who covers
 * @param coveredId the contact covered for; empty to take the primary place
 * @param firstDay the first covered day
 * @param lastDay the last covered day (inclusive)
 */
public record Cover(String coveringId, Optional<String> coveredId, LocalDate firstDay, LocalDate lastDay) {
    /** Validates the values. */
    public Cover {
        requireNonNull(coveringId, "coveringId is null");
        requireNonNull(coveredId, "coveredId is null");
        requireNonNull(firstDay, "firstDay is null");
        requireNonNull(lastDay, "lastDay is null");
    }

    /** {@code coveringId} replaces {@code coveredId} from {@code firstDay} to {@code lastDay}. */
    public static Cover replacing(String coveredId, String coveringId, LocalDate firstDay, LocalDate lastDay) {
        return new Cover(coveringId, Optional.of(requireNonNull(coveredId, "coveredId is null")), firstDay, lastDay);
    }

    /** {@code coveringId} is primary from {@code firstDay} to {@code lastDay}. */
    public static Cover primary(String coveringId, LocalDate firstDay, LocalDate lastDay) {
        return new Cover(coveringId, Optional.empty(), firstDay, lastDay);
    }

    /** Whether the cover applies on a local date. */
    public boolean covers(LocalDate day) {
        return !day.isBefore(firstDay) && !day.isAfter(lastDay);
    }
}
