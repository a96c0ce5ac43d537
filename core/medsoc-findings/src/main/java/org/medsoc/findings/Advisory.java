package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.Severity;

/**
 * A published security advisory: which CVEs it covers and which products and versions it affects. Advisories are
 * shared reference data; what concerns a tenant is an {@link AdvisoryNotice}.
 *
 * @param id the advisory id (a CVE id for NVD entries, a vendor or CERT id otherwise)
 * @param cves CVE ids, upper-case
 * @param title one line describing it
 * @param severity its severity
 * @param published when it was published
 * @param affected what it affects; an inventory item matching any entry is affected
 */
public record Advisory(
        String id, List<String> cves, String title, Severity severity, Instant published, List<Affected> affected) {
    /** Validates the values. */
    public Advisory {
        requireNonNull(id, "id is null");
        cves = List.copyOf(requireNonNull(cves, "cves is null"));
        requireNonNull(title, "title is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(published, "published is null");
        affected = List.copyOf(requireNonNull(affected, "affected is null"));
        if (id.isBlank() || id.length() > 100) {
            throw new MedsocException(FindingsErrorCode.INVALID_ADVISORY,
                    "an advisory id must be 1 to 100 characters, was '" + id + "'");
        }
        if (title.length() > 1000) {
            title = title.substring(0, 1000);
        }
    }
}
