package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

/**
 * One object of an imported document that was refused or only partly understood: the object's id (STIX id, MISP
 * event or attribute uuid, or a JSON path when it has none) and what is wrong with it.
 */
public record ImportProblem(String objectId, String message) {
    public ImportProblem {
        requireNonNull(objectId, "objectId is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return objectId + ": " + message;
    }
}
