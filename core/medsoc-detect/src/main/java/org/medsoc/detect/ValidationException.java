package org.medsoc.detect;

import java.util.List;
import org.medsoc.spi.error.MedsocException;

/** Thrown when a Sigma rule is invalid; carries every problem found, not only the first. */
public final class ValidationException extends MedsocException {
    private final List<Problem> problems;

    /** Creates the exception for a rule from {@code origin} with at least one problem. */
    public ValidationException(String origin, List<Problem> problems) {
        super(DetectErrorCode.INVALID_RULE, "Sigma rule " + origin + " is invalid (" + problems.size()
                + " problem(s)); fix: " + problems);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems is empty");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in document order. */
    public List<Problem> problems() {
        return problems;
    }
}
