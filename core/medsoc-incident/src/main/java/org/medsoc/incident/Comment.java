package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A note an analyst wrote on an incident.
 *
 * @param id comment id
 * @param incidentId the incident
 * @param author who wrote it
 * @param body the text (at most {@link IncidentService#MAX_COMMENT_LENGTH} characters)
 * @param createdAt when
 */
public record Comment(long id, long incidentId, Actor author, String body, Instant createdAt) {
    /** Validates the values. */
    public Comment {
        requireNonNull(author, "author is null");
        requireNonNull(body, "body is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
