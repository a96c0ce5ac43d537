package org.medsoc.intel;

/** What a sighting reports about an indicator. */
public enum SightingKind {
    /** The indicator was observed. */
    SEEN,
    /** The indicator matched benign activity. */
    FALSE_POSITIVE,
    /** The indicator should no longer be used. */
    EXPIRED,
    /** The indicator matched confirmed malicious activity. */
    TRUE_POSITIVE
}
