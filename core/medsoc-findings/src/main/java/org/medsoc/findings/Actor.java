package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.error.MedsocException;

/**
 * Who performs a change of the ledger: a user, or medsoc itself ({@link #SYSTEM}) for scheduled work such as
 * reactivating expired risk acceptances.
 *
 * @param id stable user id
 * @param name display name at the time of the change
 */
public record Actor(String id, String name) {
    /** medsoc itself. */
    public static final Actor SYSTEM = new Actor("system", "medsoc");

    /** Validates the values. */
    public Actor {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        if (id.isBlank() || id.length() > 200 || name.isBlank() || name.length() > 200) {
            throw new MedsocException(FindingsErrorCode.INVALID_FINDING_INPUT,
                    "an actor needs an id and a name of 1 to 200 characters, was '" + id + "', '" + name + "'");
        }
    }
}
