package org.medsoc.findings;

/**
 * What one import changed in the ledger.
 *
 * @param importId the import's id in the import history
 * @param findings distinct findings in the report (after removing repeats)
 * @param created findings never seen before, now OPEN
 * @param seenAgain findings already in the ledger and not FIXED, whose last-seen time moved
 * @param reopened FIXED findings reported again, now REOPENED
 * @param fixed findings on hosts in scope that the report no longer has, now FIXED
 * @param duplicates findings of the report that repeated an earlier one of the same report
 */
public record ImportResult(long importId, int findings, int created, int seenAgain, int reopened, int fixed,
        int duplicates) {}
