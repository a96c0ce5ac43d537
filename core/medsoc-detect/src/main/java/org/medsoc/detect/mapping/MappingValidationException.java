package org.medsoc.detect.mapping;

import java.util.List;
import org.medsoc.spi.error.MedsocException;

/** Mapping files failed validation; {@link #problems()} lists every problem found, not just the first. */
public final class MappingValidationException extends MedsocException {
    private static final long serialVersionUID = 1L;

    private final transient List<MappingProblem> problems;

    /** Creates the exception from a non-empty list of problems. */
    public MappingValidationException(List<MappingProblem> problems) {
        super(MappingErrorCode.INVALID_MAPPING, message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<MappingProblem> problems() {
        return problems;
    }

    private static String message(List<MappingProblem> problems) {
        StringBuilder sb = new StringBuilder()
                .append(problems.size())
                .append(" problem(s) in Sigma mapping files; fix them and reload:");
        for (MappingProblem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
