package org.medsoc.audit;

import static java.util.Objects.requireNonNull;

/**
 * Who did an audited thing: a user (id and username at the time) or the system itself.
 *
 * @param id user id, or {@code system}
 * @param name username at the time, or {@code system}
 */
public record Actor(String id, String name) {
    /** medsoc itself (schedules, retention, startup). */
    public static final Actor SYSTEM = new Actor("system", "system");

    /** Checks the parts. */
    public Actor {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        if (id.isEmpty() || id.length() > 64 || name.isEmpty() || name.length() > 200) {
            throw new IllegalArgumentException("actor id must be 1 to 64 and name 1 to 200 characters");
        }
    }
}
