package org.medsoc.playbook;

import java.util.List;
import org.medsoc.spi.error.MedsocException;

/** Thrown when a playbook definition is invalid; carries every problem found, not only the first. */
public final class PlaybookValidationException extends MedsocException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** Creates the exception for a definition from {@code origin} with at least one problem. */
    public PlaybookValidationException(String origin, List<Problem> problems) {
        super(PlaybookErrorCode.INVALID_PLAYBOOK,
                "playbook " + origin + " is invalid (" + problems.size() + " problem(s)); fix: " + problems);
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
