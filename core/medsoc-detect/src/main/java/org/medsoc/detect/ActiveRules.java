package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The rule set the pipeline runs at one moment: the detector for single-event rules (with their filters) and the
 * correlator fed by the detector's matches. Swapped as one value, so an event never sees rules of one version and
 * correlations of another.
 */
public record ActiveRules(Detector detector, Correlator correlator) {
    public ActiveRules {
        requireNonNull(detector, "detector is null");
        requireNonNull(correlator, "correlator is null");
    }

    /** A detector without correlations. */
    public static ActiveRules of(Detector detector) {
        return new ActiveRules(detector, Correlator.create(List.of(), List.of(), CorrelationLimits.defaults()));
    }
}
