package org.medsoc.playbook;

/** A person's answer to an approval step. */
public enum ApprovalDecision {
    /** Go on with the next steps. */
    APPROVE,
    /** Stop the run; it ends {@link RunState#CANCELLED}. */
    REJECT
}
