package org.medsoc.federation;

import org.medsoc.spi.error.MedsocException;

/** The hub rejected a report batch because it starts after the next sequence the hub expects. */
public final class SequenceGapException extends MedsocException {
    private static final long serialVersionUID = 1L;

    private final long expectedSequence;

    /** Creates the rejection carrying the sequence the hub expects next. */
    public SequenceGapException(long expectedSequence, String message) {
        super(FederationErrorCode.SEQUENCE_GAP, message);
        this.expectedSequence = expectedSequence;
    }

    /** The next sequence the hub will apply; the node resends from here. */
    public long expectedSequence() {
        return expectedSequence;
    }
}
