package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What an import read: the indicators and sightings it understood and a problem per object it did not. */
public record ImportResult(List<Indicator> indicators, List<Sighting> sightings, List<ImportProblem> problems) {
    public ImportResult {
        indicators = List.copyOf(requireNonNull(indicators, "indicators is null"));
        sightings = List.copyOf(requireNonNull(sightings, "sightings is null"));
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }
}
