package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** The stable identity of a user (a UUID string); usernames can be renamed, ids never change. */
public record UserId(String value) {
    /** The pseudo-user of the node's bootstrap token. */
    public static final UserId BOOTSTRAP = new UserId("bootstrap");

    /** Checks the value. */
    public UserId {
        requireNonNull(value, "value is null");
        if (value.isEmpty() || value.length() > 36) {
            throw new IllegalArgumentException("user id must be 1 to 36 characters: '" + value + "'");
        }
    }

    /** A new random id. */
    public static UserId random() {
        return new UserId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
