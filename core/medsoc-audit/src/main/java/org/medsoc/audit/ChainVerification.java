package org.medsoc.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The result of walking the audit chain.
 *
 * @param checked rows checked
 * @param firstBroken sequence of the first row that does not fit the chain (edited, inserted, or following a
 *     removed row); empty when the chain is intact
 * @param reason what is wrong there; empty when intact
 */
public record ChainVerification(long checked, Optional<Long> firstBroken, Optional<String> reason) {
    /** Checks the parts. */
    public ChainVerification {
        requireNonNull(firstBroken, "firstBroken is null");
        requireNonNull(reason, "reason is null");
    }

    /** True when every row fits the chain. */
    public boolean intact() {
        return firstBroken.isEmpty();
    }
}
