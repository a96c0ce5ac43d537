package org.medsoc.federation;

/** The life of a warning at one node, as the hub tracks it. */
public enum WarningState {
    /** Issued, not fetched yet. */
    SENT,
    /** Fetched by the node. */
    RECEIVED,
    /** Acknowledged at the node (a report). */
    ACKNOWLEDGED,
    /** Disposed of at the node, with evidence (a report). */
    DISPOSED,
    /** Checked and accepted by a hub user. */
    VERIFIED
}
