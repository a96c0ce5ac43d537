package org.medsoc.oncall;

/** The lifecycle of a page. Only {@link #OPEN} pages send; every other state is final for escalation. */
public enum PageState {
    /** Escalating: notifications are sent as they fall due; deadline: the next notification or exhaustion. */
    OPEN,
    /** Someone acknowledged; escalation stopped. Still deduplicates new pages for the incident until resolved. */
    ACKNOWLEDGED,
    /** The incident was resolved; nothing more is sent. */
    RESOLVED,
    /** Every level and repeat was notified and nobody acknowledged in time. */
    EXHAUSTED
}
