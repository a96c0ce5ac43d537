package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

/**
 * An NVD {@code cpeMatch}: a CPE 2.3 match string and, optionally, a version range. With a bounded range the
 * criteria's version attribute is normally {@code *} and the inventory CPE's version must lie in the range.
 *
 * @param criteria the CPE match string
 * @param range the affected versions
 */
public record AffectedCpe(Cpe criteria, VersionRange range) implements Affected {
    /** Validates the values. */
    public AffectedCpe {
        requireNonNull(criteria, "criteria is null");
        requireNonNull(range, "range is null");
    }

    /** A criterion given as a formatted string. */
    public static AffectedCpe of(String criteria, VersionRange range) {
        return new AffectedCpe(Cpe.parse(criteria), range);
    }
}
