package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

/**
 * A successful login. {@link #token()} is the bearer token of the session; it is shown this once (only its SHA-256
 * is stored) and must never be logged.
 *
 * @param token the session's bearer token
 * @param session the session
 * @param principal who logged in and what they may do
 */
public record LoginResult(String token, Session session, Principal principal) {
    /** Checks the parts. */
    public LoginResult {
        requireNonNull(token, "token is null");
        requireNonNull(session, "session is null");
        requireNonNull(principal, "principal is null");
    }

    @Override
    public String toString() {
        return "LoginResult[token=***, session=" + session + ", principal=" + principal + "]";
    }
}
