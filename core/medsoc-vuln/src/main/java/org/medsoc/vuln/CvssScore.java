package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

/** A CVSS vector as reported by a scanner together with its base score (reported, or computed from the vector). */
public record CvssScore(String vector, double baseScore) {
    public CvssScore {
        requireNonNull(vector, "vector is null");
        if (!(baseScore >= 0.0 && baseScore <= 10.0)) {
            throw new IllegalArgumentException("baseScore out of range 0.0-10.0: " + baseScore);
        }
    }
}
