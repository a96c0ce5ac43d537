package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.event.TenantId;

/**
 * What is needed to create a user.
 *
 * @param username login name: 1 to 100 of a-z, 0-9, '.', '_', '-', '@' (stored lowercase)
 * @param profile display name and contact details
 * @param homeTenant the tenant the user belongs to
 */
public record NewUser(String username, UserProfile profile, TenantId homeTenant) {
    /** Checks the parts. */
    public NewUser {
        requireNonNull(username, "username is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(homeTenant, "homeTenant is null");
    }
}
