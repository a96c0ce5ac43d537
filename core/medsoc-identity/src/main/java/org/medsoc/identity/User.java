package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * A person (or service account) who logs in. Never carries the password hash.
 *
 * @param id stable id
 * @param username unique login name, lowercase
 * @param displayName the name to show
 * @param email e-mail address for notifications
 * @param phone phone number for on-call notifications
 * @param homeTenant the tenant the user belongs to; its administrators manage the user
 * @param status whether the user may log in
 * @param lockedUntil end of an automatic lockout; empty for an administrator's lock or when not locked
 * @param grants roles per tenant
 * @param createdAt when created
 */
public record User(
        UserId id,
        String username,
        String displayName,
        Optional<String> email,
        Optional<String> phone,
        TenantId homeTenant,
        UserStatus status,
        Optional<Instant> lockedUntil,
        List<Grant> grants,
        Instant createdAt) {
    /** Checks and copies the parts. */
    public User {
        requireNonNull(id, "id is null");
        requireNonNull(username, "username is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(email, "email is null");
        requireNonNull(phone, "phone is null");
        requireNonNull(homeTenant, "homeTenant is null");
        requireNonNull(status, "status is null");
        requireNonNull(lockedUntil, "lockedUntil is null");
        grants = List.copyOf(grants);
        requireNonNull(createdAt, "createdAt is null");
    }
}
