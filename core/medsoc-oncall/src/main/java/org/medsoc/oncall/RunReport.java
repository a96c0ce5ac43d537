package org.medsoc.oncall;

/**
 * What one {@link PagingService#runDue} pass did.
 *
 * @param delivered notifications the provider accepted
 * @param retrying notifications that failed transiently and will be retried
 * @param failed notifications that failed for good (permanently, or out of attempts)
 * @param cancelled notifications dropped because their page stopped escalating while they were sent
 * @param exhausted pages that ran out of levels without acknowledgement
 */
public record RunReport(int delivered, int retrying, int failed, int cancelled, int exhausted) {
    /** Whether the pass did anything. */
    public boolean idle() {
        return delivered + retrying + failed + cancelled + exhausted == 0;
    }
}
