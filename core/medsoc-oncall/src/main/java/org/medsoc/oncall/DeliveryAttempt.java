package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a page's delivery log: an attempt to notify someone on a channel, or a hold.
 *
 * @param pageId the page
 * @param notificationId the planned notification
 * @param level its escalation level
 * @param contactId who
 * @param channel the notifier channel
 * @param attempt the attempt number (1 first; 0 for a hold)
 * @param outcome what happened
 * @param detail the provider's or the hold's explanation
 * @param retryAfter the retry hint of a transient failure, if given
 * @param idempotencyId the notification's idempotency id (empty for a hold)
 * @param at when
 */
public record DeliveryAttempt(
        long pageId,
        long notificationId,
        int level,
        String contactId,
        String channel,
        int attempt,
        DeliveryOutcome outcome,
        String detail,
        Optional<Duration> retryAfter,
        Optional<String> idempotencyId,
        Instant at) {
    /** Validates the values. */
    public DeliveryAttempt {
        requireNonNull(contactId, "contactId is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(retryAfter, "retryAfter is null");
        requireNonNull(idempotencyId, "idempotencyId is null");
        requireNonNull(at, "at is null");
    }
}
