package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a playbook definition: where ({@code path}, e.g. {@code steps[2].with.url}) and what is wrong
 * and how to fix it ({@code message}).
 */
public record Problem(String path, String message) {
    /** Creates a problem; both parts are required. */
    public Problem {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
