package org.medsoc.detect;

import org.medsoc.spi.error.MedsocException;

/** Thrown when a valid Sigma rule needs a feature this engine does not support; {@link #reason()} says which. */
public final class UnsupportedRuleException extends MedsocException {
    private final String reason;

    /** Creates the exception for a rule from {@code origin}. */
    public UnsupportedRuleException(String origin, String reason) {
        super(DetectErrorCode.UNSUPPORTED_RULE, "Sigma rule " + origin + " is not supported: " + reason);
        this.reason = reason;
    }

    /** Why the rule cannot be used, e.g. {@code correlation rules are not supported yet}. */
    public String reason() {
        return reason;
    }
}
