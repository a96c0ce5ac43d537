package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.medsoc.spi.error.MedsocException;

/**
 * Who fixes a finding, how and by when.
 *
 * @param owner the responsible person or team
 * @param action the planned action (patch, upgrade, configuration change, isolation)
 * @param due when the action is planned to be done
 */
public record RemediationPlan(String owner, String action, Instant due) {
    /** Validates the values. */
    public RemediationPlan {
        requireNonNull(owner, "owner is null");
        requireNonNull(action, "action is null");
        requireNonNull(due, "due is null");
        if (owner.isBlank() || owner.length() > 200) {
            throw new MedsocException(FindingsErrorCode.INVALID_FINDING_INPUT,
                    "a remediation plan needs an owner of 1 to 200 characters");
        }
        if (action.isBlank() || action.length() > 2000) {
            throw new MedsocException(FindingsErrorCode.INVALID_FINDING_INPUT,
                    "a remediation plan needs an action of 1 to 2000 characters");
        }
    }
}
