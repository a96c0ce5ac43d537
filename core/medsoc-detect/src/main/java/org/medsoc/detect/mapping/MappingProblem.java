package org.medsoc.detect.mapping;

import static java.util.Objects.requireNonNull;

/**
 * One defect found while validating a mapping file: which file, where in it, and what is wrong.
 *
 * @param file the file name or resource the problem is in
 * @param path where in the document, e.g. {@code logsources[3].condition[1].winlog.event_id} (empty for the root)
 * @param message what is wrong and what to do
 */
public record MappingProblem(String file, String path, String message) {
    /** Creates a problem; all parts are required. */
    public MappingProblem {
        requireNonNull(file, "file is null");
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return file + (path.isEmpty() ? "" : " at " + path) + ": " + message;
    }
}
