package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a Sigma rule: where in the YAML ({@code path}, e.g. {@code detection.selection.Image|foo})
 * and what is wrong and how to fix it ({@code message}).
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
