package org.medsoc.detect.sigma;

import org.jspecify.annotations.Nullable;

/** Decides whether one field value satisfies one compiled Sigma value. */
public interface ValueMatcher {
    /** Whether {@code value} matches. */
    boolean matches(String value);

    /** The longest literal (lower case) every matching value contains, or null. */
    default @Nullable String requiredLiteral() {
        return null;
    }
}
