package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * A tuning entry: alerts of {@code ruleId} (or any rule for {@code *}) meeting every condition open or join no
 * incident until {@code expiresAt}; each such alert is counted here instead.
 *
 * @param tenant the owning tenant
 * @param id entry id
 * @param ruleId rule id or {@code *}
 * @param conditions conditions that must all hold
 * @param expiresAt when it stops applying
 * @param reason why
 * @param author who created it
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param hitCount how many alerts it held back
 * @param lastHitAt when it last held one back
 * @param version optimistic-locking version
 */
public record SuppressionRule(
        TenantId tenant,
        long id,
        String ruleId,
        List<SuppressionCondition> conditions,
        Instant expiresAt,
        String reason,
        Actor author,
        Instant createdAt,
        Instant updatedAt,
        long hitCount,
        Optional<Instant> lastHitAt,
        long version) {

    /** Validates and copies the values. */
    public SuppressionRule {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(ruleId, "ruleId is null");
        conditions = List.copyOf(conditions);
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(author, "author is null");
        requireNonNull(lastHitAt, "lastHitAt is null");
    }

    /** Whether it applies at {@code now} to the alert. */
    public boolean matches(AlertRecord alert, Instant now) {
        if (!now.isBefore(expiresAt)) {
            return false;
        }
        if (!ruleId.equals("*") && !ruleId.equals(alert.ruleId())) {
            return false;
        }
        for (SuppressionCondition c : conditions) {
            if (!c.matches(alert)) {
                return false;
            }
        }
        return true;
    }

    /** Whether it still applies at {@code now}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
