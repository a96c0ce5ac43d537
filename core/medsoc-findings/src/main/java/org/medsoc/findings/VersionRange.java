package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * The versions an advisory affects, with the bounds of an NVD {@code cpeMatch}: at most one lower bound (including
 * or excluding) and at most one upper bound. A range without bounds contains every version.
 *
 * @param startIncluding lowest affected version
 * @param startExcluding the version above which versions are affected
 * @param endIncluding highest affected version
 * @param endExcluding the first version no longer affected (the fix)
 */
public record VersionRange(
        Optional<String> startIncluding,
        Optional<String> startExcluding,
        Optional<String> endIncluding,
        Optional<String> endExcluding) {
    /** The range without bounds. */
    public static final VersionRange ANY = new VersionRange(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /** Validates that each side has at most one bound. */
    public VersionRange {
        requireNonNull(startIncluding, "startIncluding is null");
        requireNonNull(startExcluding, "startExcluding is null");
        requireNonNull(endIncluding, "endIncluding is null");
        requireNonNull(endExcluding, "endExcluding is null");
        if (startIncluding.isPresent() && startExcluding.isPresent()) {
            throw new MedsocException(FindingsErrorCode.INVALID_ADVISORY,
                    "a version range has both versionStartIncluding and versionStartExcluding; give one");
        }
        if (endIncluding.isPresent() && endExcluding.isPresent()) {
            throw new MedsocException(FindingsErrorCode.INVALID_ADVISORY,
                    "a version range has both versionEndIncluding and versionEndExcluding; give one");
        }
    }

    /** The range {@code [from, to)}: the usual "from the version that introduced it up to the fix". */
    public static VersionRange from(String startIncluding, String endExcluding) {
        return new VersionRange(Optional.of(startIncluding), Optional.empty(), Optional.empty(),
                Optional.of(endExcluding));
    }

    /** The range of versions below {@code endExcluding}. */
    public static VersionRange before(String endExcluding) {
        return new VersionRange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(endExcluding));
    }

    /** The range of versions up to and including {@code endIncluding}. */
    public static VersionRange upTo(String endIncluding) {
        return new VersionRange(Optional.empty(), Optional.empty(), Optional.of(endIncluding), Optional.empty());
    }

    /** Whether the range has any bound. */
    public boolean bounded() {
        return startIncluding.isPresent() || startExcluding.isPresent() || endIncluding.isPresent()
                || endExcluding.isPresent();
    }

    /** Whether the version lies in the range. */
    public boolean contains(Version version) {
        requireNonNull(version, "version is null");
        if (startIncluding.isPresent() && version.compareTo(Version.of(startIncluding.get())) < 0) {
            return false;
        }
        if (startExcluding.isPresent() && version.compareTo(Version.of(startExcluding.get())) <= 0) {
            return false;
        }
        if (endIncluding.isPresent() && version.compareTo(Version.of(endIncluding.get())) > 0) {
            return false;
        }
        return endExcluding.isEmpty() || version.compareTo(Version.of(endExcluding.get())) < 0;
    }

    /** Interval notation, e.g. {@code [2.4.0, 2.4.58)}; {@code any version} without bounds. */
    @Override
    public String toString() {
        if (!bounded()) {
            return "any version";
        }
        StringBuilder b = new StringBuilder();
        b.append(startExcluding.isPresent() ? "(" : "[");
        b.append(startIncluding.or(() -> startExcluding).orElse(""));
        b.append(", ");
        b.append(endIncluding.or(() -> endExcluding).orElse(""));
        b.append(endIncluding.isPresent() ? "]" : ")");
        return b.toString();
    }
}
