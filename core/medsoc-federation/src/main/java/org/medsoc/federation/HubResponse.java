package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

/** The hub's answer: an HTTP status and a JSON body ({@value #CONTENT_TYPE}). */
public record HubResponse(int status, byte[] body) {
    /** The content type of every body. */
    public static final String CONTENT_TYPE = "application/json";

    /** Checks the parts. */
    public HubResponse {
        requireNonNull(body, "body is null");
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
