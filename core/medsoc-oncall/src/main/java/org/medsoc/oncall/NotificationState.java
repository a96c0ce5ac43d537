package org.medsoc.oncall;

/** The state of one planned notification of a page. */
public enum NotificationState {
    /** Waiting for its due time or its next retry. */
    PENDING,
    /** Claimed by a sender; if the sender dies, retried after the lease with the same idempotency id. */
    SENDING,
    /** The provider accepted it; never sent again. */
    DELIVERED,
    /** Failed permanently, or transiently too many times. */
    FAILED,
    /** Not sent: the page was acknowledged or resolved first. */
    CANCELLED
}
