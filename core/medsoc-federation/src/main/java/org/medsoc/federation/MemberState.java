package org.medsoc.federation;

/** Whether a member node may talk to its hub. */
public enum MemberState {
    /** Enrolled and allowed. */
    ACTIVE,
    /** Revoked: every request answers 401 until the node enrols again under a new id. */
    REVOKED
}
