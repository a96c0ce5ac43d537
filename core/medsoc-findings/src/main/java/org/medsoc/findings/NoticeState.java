package org.medsoc.findings;

/** Where a tenant's advisory notice stands. */
public enum NoticeState {
    /** Not yet looked at. */
    NEW,
    /** Someone of the tenant acknowledged it. */
    ACKNOWLEDGED
}
