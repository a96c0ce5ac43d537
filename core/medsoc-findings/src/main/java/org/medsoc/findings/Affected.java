package org.medsoc.findings;

/** What an advisory says is affected: a CPE match criterion or a vendor/product with a version range. */
public sealed interface Affected permits AffectedCpe, AffectedProduct {
    /** The version range; {@link VersionRange#ANY} when the criterion alone decides. */
    VersionRange range();
}
