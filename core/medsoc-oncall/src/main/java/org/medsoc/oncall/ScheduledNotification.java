package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One planned notification of a page's escalation schedule.
 *
 * @param id the notification id
 * @param pageId the page
 * @param level the escalation level (1 first)
 * @param round 0 for the level's first notification, 1.. for repeats of the last level
 * @param contactId who is notified
 * @param contactName their name
 * @param channel the notifier channel
 * @param address the contact's address on it
 * @param dueAt when it is (or was) due
 * @param heldUntil the end of the quiet hours it was held for, if it was
 * @param state its state
 * @param attempts how many delivery attempts were made
 * @param nextAttemptAt while PENDING or SENDING, its deadline
 * @param idempotencyId the notification's idempotency id once a first attempt was claimed
 */
public record ScheduledNotification(
        long id,
        long pageId,
        int level,
        int round,
        String contactId,
        String contactName,
        String channel,
        String address,
        Instant dueAt,
        Optional<Instant> heldUntil,
        NotificationState state,
        int attempts,
        Optional<Instant> nextAttemptAt,
        Optional<String> idempotencyId) {
    /** Validates the values. */
    public ScheduledNotification {
        requireNonNull(contactId, "contactId is null");
        requireNonNull(contactName, "contactName is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(address, "address is null");
        requireNonNull(dueAt, "dueAt is null");
        requireNonNull(heldUntil, "heldUntil is null");
        requireNonNull(state, "state is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        requireNonNull(idempotencyId, "idempotencyId is null");
    }
}
