package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.error.MedsocException;

/**
 * Who performs a change: a user (analyst, administrator) or medsoc itself ({@link #SYSTEM}). Recorded in the
 * timeline, on comments and on suppression entries.
 *
 * @param id stable user id
 * @param name display name at the time of the change
 */
public record Actor(String id, String name) {
    /** medsoc itself: alert intake, automatic severity escalation. Its actions are never a first response. */
    public static final Actor SYSTEM = new Actor("system", "medsoc");

    /** Validates the values. */
    public Actor {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        if (id.isBlank() || id.length() > 200 || name.isBlank() || name.length() > 200) {
            throw new MedsocException(IncidentErrorCode.INVALID_INCIDENT_INPUT,
                    "an actor needs an id and a name of 1 to 200 characters, was '" + id + "', '" + name + "'");
        }
    }

    /** Whether this is a person rather than medsoc itself. */
    public boolean isHuman() {
        return !id.equals(SYSTEM.id);
    }
}
