package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

/**
 * A newly issued API token: {@link #token()} is shown this once (only a SHA-256 of its secret is stored).
 *
 * @param token the bearer token, {@code msa_<id>_<secret>}
 * @param info the token's listing
 */
public record IssuedApiToken(String token, ApiToken info) {
    /** Checks the parts. */
    public IssuedApiToken {
        requireNonNull(token, "token is null");
        requireNonNull(info, "info is null");
    }

    @Override
    public String toString() {
        return "IssuedApiToken[token=***, info=" + info + "]";
    }
}
