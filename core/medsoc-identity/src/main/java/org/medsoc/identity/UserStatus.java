package org.medsoc.identity;

/** Whether a user may log in. */
public enum UserStatus {
    /** May log in. */
    ACTIVE,
    /**
     * May not log in: locked by an administrator (until unlocked) or automatically after too many failed logins
     * (until {@link User#lockedUntil()}). An automatic lock does not end existing sessions.
     */
    LOCKED,
    /** May not log in and has no sessions or working API tokens. */
    DISABLED
}
