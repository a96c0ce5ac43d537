package org.medsoc.findings;

import org.medsoc.spi.error.MedsocException;

/**
 * A FIRST EPSS score: the probability of exploitation activity in the next 30 days and its percentile.
 *
 * @param epss probability, 0 to 1
 * @param percentile the share of scored CVEs at or below this one, 0 to 1
 */
public record EpssScore(double epss, double percentile) {
    /** Validates both are in 0..1. */
    public EpssScore {
        if (!(epss >= 0 && epss <= 1) || !(percentile >= 0 && percentile <= 1)) {
            throw new MedsocException(FindingsErrorCode.MALFORMED_FEED,
                    "EPSS score and percentile must be between 0 and 1, were " + epss + " and " + percentile);
        }
    }
}
