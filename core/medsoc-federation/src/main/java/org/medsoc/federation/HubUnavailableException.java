package org.medsoc.federation;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.Retriable;

/** A transient failure talking to the hub (unreachable, timed out, link dropped, 5xx); senders retry with backoff. */
public final class HubUnavailableException extends MedsocException implements Retriable {
    private static final long serialVersionUID = 1L;

    /** Creates the failure with a message saying what was attempted. */
    public HubUnavailableException(String message, @Nullable Throwable cause) {
        super(FederationErrorCode.HUB_UNAVAILABLE, message, cause);
    }
}
