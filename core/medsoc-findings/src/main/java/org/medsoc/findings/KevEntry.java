package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One entry of CISA's Known Exploited Vulnerabilities catalog.
 *
 * @param cve the CVE id, upper-case
 * @param dateAdded when CISA added it
 * @param dueDate the remediation due date CISA set, when present
 */
public record KevEntry(String cve, LocalDate dateAdded, Optional<LocalDate> dueDate) {
    /** Validates the values. */
    public KevEntry {
        requireNonNull(cve, "cve is null");
        requireNonNull(dateAdded, "dateAdded is null");
        requireNonNull(dueDate, "dueDate is null");
    }
}
