package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.medsoc.spi.error.MedsocException;

/**
 * A decision to accept a finding's risk for a time.
 *
 * @param reason why (compensating control, vendor-locked medical device, ...)
 * @param approver who approved the acceptance
 * @param expiresAt when the acceptance ends and the finding is OPEN again
 */
public record RiskAcceptance(String reason, String approver, Instant expiresAt) {
    /** Validates the values. */
    public RiskAcceptance {
        requireNonNull(reason, "reason is null");
        requireNonNull(approver, "approver is null");
        requireNonNull(expiresAt, "expiresAt is null");
        if (reason.isBlank() || reason.length() > 2000) {
            throw new MedsocException(FindingsErrorCode.INVALID_FINDING_INPUT,
                    "a risk acceptance needs a reason of 1 to 2000 characters");
        }
        if (approver.isBlank() || approver.length() > 200) {
            throw new MedsocException(FindingsErrorCode.INVALID_FINDING_INPUT,
                    "a risk acceptance needs an approver of 1 to 200 characters");
        }
    }
}
