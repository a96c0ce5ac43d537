package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The changeable descriptive part of a user.
 *
 * @param displayName the name to show (1 to 200 characters)
 * @param email e-mail address
 * @param phone phone number
 */
public record UserProfile(String displayName, Optional<String> email, Optional<String> phone) {
    /** Checks the parts. */
    public UserProfile {
        requireNonNull(displayName, "displayName is null");
        requireNonNull(email, "email is null");
        requireNonNull(phone, "phone is null");
    }

    /** A profile with only a display name. */
    public static UserProfile named(String displayName) {
        return new UserProfile(displayName, Optional.empty(), Optional.empty());
    }
}
