package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.vuln.ReportFormat;

/**
 * One entry of a tenant's import history.
 *
 * @param id the import id
 * @param sourceName the report's name as given (file name, scan task)
 * @param scanner the report format
 * @param actor who imported it
 * @param importedAt when
 * @param scanStartedAt when the scan started, if the report says
 * @param hosts hosts the report reached
 * @param result what it changed
 */
public record ImportRecord(long id, String sourceName, ReportFormat scanner, Actor actor, Instant importedAt,
        Optional<Instant> scanStartedAt, int hosts, ImportResult result) {
    /** Validates the values. */
    public ImportRecord {
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(scanner, "scanner is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(importedAt, "importedAt is null");
        requireNonNull(scanStartedAt, "scanStartedAt is null");
        requireNonNull(result, "result is null");
    }
}
