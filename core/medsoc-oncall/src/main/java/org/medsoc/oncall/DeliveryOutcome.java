package org.medsoc.oncall;

/** What one entry of a page's delivery log records. */
public enum DeliveryOutcome {
    /** Not sent yet: held by quiet hours until the time in the entry's detail. */
    HELD,
    /** The provider accepted the message. */
    DELIVERED,
    /** A failure expected to pass; retried later unless the attempts are used up. */
    TRANSIENT_FAILURE,
    /** A failure a retry does not fix; the next level is notified. */
    PERMANENT_FAILURE
}
