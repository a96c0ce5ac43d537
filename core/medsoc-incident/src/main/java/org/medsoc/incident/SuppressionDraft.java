package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What a user submits to create or replace a suppression entry.
 *
 * @param ruleId the rule it applies to, or {@code *} for every rule (then at least one condition is required)
 * @param conditions conditions that must all hold (0 to 20)
 * @param expiresAt when it stops applying (required, at most {@link SuppressionService#MAX_LIFETIME} ahead)
 * @param reason why the matching alerts are not worth an incident (required)
 */
public record SuppressionDraft(String ruleId, List<SuppressionCondition> conditions, Instant expiresAt,
        String reason) {
    /** Copies the values; checks happen in {@link SuppressionService}. */
    public SuppressionDraft {
        requireNonNull(ruleId, "ruleId is null");
        conditions = List.copyOf(conditions);
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(reason, "reason is null");
    }
}
