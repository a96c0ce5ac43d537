package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A login session (without its token). It ends at {@link #expiresAt()} (absolute lifetime) or when unused for the
 * idle timeout, whichever comes first.
 *
 * @param id public session id (not the token; safe to show and log)
 * @param userId whose session
 * @param createdAt login time
 * @param expiresAt end of the absolute lifetime
 * @param clientAddress address the login came from
 */
public record Session(String id, UserId userId, Instant createdAt, Instant expiresAt, String clientAddress) {
    /** Checks the parts. */
    public Session {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(clientAddress, "clientAddress is null");
    }
}
