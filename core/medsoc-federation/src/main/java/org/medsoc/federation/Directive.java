package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One directive as a node receives it.
 *
 * @param id the hub-wide directive id (the key for idempotent handling)
 * @param position the directive's place in this node's stream (the cursor advances to it once handled)
 * @param createdAt when the hub issued it
 * @param body the content
 */
public record Directive(long id, long position, Instant createdAt, DirectiveBody body) {
    /** Checks the parts. */
    public Directive {
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(body, "body is null");
    }

    /** The type of the body. */
    public DirectiveType type() {
        return body.type();
    }
}
