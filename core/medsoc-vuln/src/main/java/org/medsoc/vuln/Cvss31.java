package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed and scored CVSS v3.1 (or v3.0) vector.
 *
 * <p>Scores follow the FIRST CVSS v3.1 specification, section 7 (formulas) and Appendix A (Roundup): base, temporal
 * and environmental equations with the v3.1 weights. A {@code CVSS:3.0/} vector is scored with the v3.0 differences
 * (Roundup as ceiling to one decimal; the v3.0 modified-impact equation for a changed scope).
 *
 * @param vector the vector string as given
 * @param version {@code 3.0} or {@code 3.1}
 * @param metrics the metrics in vector order
 * @param baseScore the base score, 0.0-10.0
 * @param severity the qualitative rating of the base score
 * @param temporalScore the temporal score when the vector has a temporal metric other than X
 * @param environmentalScore the environmental score when the vector has an environmental metric other than X
 */
public record Cvss31(
        String vector,
        String version,
        Map<String, String> metrics,
        double baseScore,
        Severity severity,
        Optional<Double> temporalScore,
        Optional<Double> environmentalScore) {

    private static final List<String> BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");
    private static final List<String> TEMPORAL = List.of("E", "RL", "RC");
    private static final Map<String, Set<String>> ALLOWED = allowed();

    public Cvss31 {
        requireNonNull(vector, "vector is null");
        requireNonNull(version, "version is null");
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
        requireNonNull(severity, "severity is null");
        requireNonNull(temporalScore, "temporalScore is null");
        requireNonNull(environmentalScore, "environmentalScore is null");
    }

    /**
     * Parses and scores a {@code CVSS:3.1/...} or {@code CVSS:3.0/...} vector; fails with
     * {@link VulnErrorCode#INVALID_CVSS_VECTOR} naming the offending metric (unknown, invalid value, duplicate or
     * missing mandatory base metric) or the wrong prefix.
     */
    public static Cvss31 parse(String vector) {
        requireNonNull(vector, "vector is null");
        String version;
        if (vector.startsWith("CVSS:3.1/")) {
            version = "3.1";
        } else if (vector.startsWith("CVSS:3.0/")) {
            version = "3.0";
        } else {
            throw CvssVectors.invalid(vector, "must start with 'CVSS:3.1/' or 'CVSS:3.0/'");
        }
        Map<String, String> m = CvssVectors.metrics(vector, "CVSS:" + version + "/", ALLOWED, Set.copyOf(BASE));
        boolean v30 = version.equals("3.0");

        boolean changed = m.get("S").equals("C");
        double iss = 1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A")));
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * attackVector(m.get("AV")) * attackComplexity(m.get("AC"))
                * privileges(m.get("PR"), changed) * userInteraction(m.get("UI"));
        double base;
        if (impact <= 0) {
            base = 0;
        } else if (changed) {
            base = roundup(Math.min(1.08 * (impact + exploitability), 10), v30);
        } else {
            base = roundup(Math.min(impact + exploitability, 10), v30);
        }

        double e = exploitMaturity(m.getOrDefault("E", "X"));
        double rl = remediationLevel(m.getOrDefault("RL", "X"));
        double rc = reportConfidence(m.getOrDefault("RC", "X"));
        Optional<Double> temporal = Optional.empty();
        if (TEMPORAL.stream().anyMatch(k -> !m.getOrDefault(k, "X").equals("X"))) {
            temporal = Optional.of(roundup(base * e * rl * rc, v30));
        }

        Optional<Double> environmental = Optional.empty();
        boolean hasEnvironmental = m.keySet().stream()
                .anyMatch(k -> !BASE.contains(k) && !TEMPORAL.contains(k) && !m.get(k).equals("X"));
        if (hasEnvironmental) {
            environmental = Optional.of(environmental(m, v30, e * rl * rc));
        }
        return new Cvss31(vector, version, m, base, Severity.fromCvssScore(base), temporal, environmental);
    }

    private static double environmental(Map<String, String> m, boolean v30, double temporalFactor) {
        String scope = modified(m, "S");
        boolean changed = scope.equals("C");
        double miss = Math.min(
                1 - (1 - requirement(m.getOrDefault("CR", "X")) * cia(modified(m, "C")))
                        * (1 - requirement(m.getOrDefault("IR", "X")) * cia(modified(m, "I")))
                        * (1 - requirement(m.getOrDefault("AR", "X")) * cia(modified(m, "A"))),
                0.915);
        double modifiedImpact;
        if (!changed) {
            modifiedImpact = 6.42 * miss;
        } else if (v30) {
            modifiedImpact = 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss - 0.02, 15);
        } else {
            modifiedImpact = 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss * 0.9731 - 0.02, 13);
        }
        double modifiedExploitability = 8.22 * attackVector(modified(m, "AV")) * attackComplexity(modified(m, "AC"))
                * privileges(modified(m, "PR"), changed) * userInteraction(modified(m, "UI"));
        if (modifiedImpact <= 0) {
            return 0;
        }
        double inner = changed
                ? roundup(Math.min(1.08 * (modifiedImpact + modifiedExploitability), 10), v30)
                : roundup(Math.min(modifiedImpact + modifiedExploitability, 10), v30);
        return roundup(inner * temporalFactor, v30);
    }

    /** The modified metric value when set (not X), else the base metric value. */
    private static String modified(Map<String, String> m, String base) {
        String value = m.getOrDefault("M" + base, "X");
        return value.equals("X") ? m.get(base) : value;
    }

    /**
     * CVSS v3.1 Appendix A Roundup: the smallest number with one decimal that is equal to or higher than the input,
     * computed on integers to avoid floating-point artefacts. v3.0 used a plain ceiling.
     */
    static double roundup(double input, boolean v30) {
        if (v30) {
            return Math.ceil(input * 10) / 10.0;
        }
        long intInput = Math.round(input * 100_000);
        if (intInput % 10_000 == 0) {
            return intInput / 100_000.0;
        }
        return (Math.floor(intInput / 10_000.0) + 1) / 10.0;
    }

    private static double attackVector(String value) {
        return switch (value) {
            case "N" -> 0.85;
            case "A" -> 0.62;
            case "L" -> 0.55;
            default -> 0.2; // P
        };
    }

    private static double attackComplexity(String value) {
        return value.equals("L") ? 0.77 : 0.44;
    }

    private static double privileges(String value, boolean scopeChanged) {
        return switch (value) {
            case "N" -> 0.85;
            case "L" -> scopeChanged ? 0.68 : 0.62;
            default -> scopeChanged ? 0.5 : 0.27; // H
        };
    }

    private static double userInteraction(String value) {
        return value.equals("N") ? 0.85 : 0.62;
    }

    private static double cia(String value) {
        return switch (value) {
            case "H" -> 0.56;
            case "L" -> 0.22;
            default -> 0; // N
        };
    }

    private static double exploitMaturity(String value) {
        return switch (value) {
            case "F" -> 0.97;
            case "P" -> 0.94;
            case "U" -> 0.91;
            default -> 1; // X, H
        };
    }

    private static double remediationLevel(String value) {
        return switch (value) {
            case "W" -> 0.97;
            case "T" -> 0.96;
            case "O" -> 0.95;
            default -> 1; // X, U
        };
    }

    private static double reportConfidence(String value) {
        return switch (value) {
            case "R" -> 0.96;
            case "U" -> 0.92;
            default -> 1; // X, C
        };
    }

    private static double requirement(String value) {
        return switch (value) {
            case "H" -> 1.5;
            case "L" -> 0.5;
            default -> 1; // X, M
        };
    }

    private static Map<String, Set<String>> allowed() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put("AV", values("N", "A", "L", "P"));
        allowed.put("AC", values("L", "H"));
        allowed.put("PR", values("N", "L", "H"));
        allowed.put("UI", values("N", "R"));
        allowed.put("S", values("U", "C"));
        allowed.put("C", values("H", "L", "N"));
        allowed.put("I", values("H", "L", "N"));
        allowed.put("A", values("H", "L", "N"));
        allowed.put("E", values("X", "H", "F", "P", "U"));
        allowed.put("RL", values("X", "U", "W", "T", "O"));
        allowed.put("RC", values("X", "C", "R", "U"));
        allowed.put("CR", values("X", "H", "M", "L"));
        allowed.put("IR", values("X", "H", "M", "L"));
        allowed.put("AR", values("X", "H", "M", "L"));
        allowed.put("MAV", values("X", "N", "A", "L", "P"));
        allowed.put("MAC", values("X", "L", "H"));
        allowed.put("MPR", values("X", "N", "L", "H"));
        allowed.put("MUI", values("X", "N", "R"));
        allowed.put("MS", values("X", "U", "C"));
        allowed.put("MC", values("X", "H", "L", "N"));
        allowed.put("MI", values("X", "H", "L", "N"));
        allowed.put("MA", values("X", "H", "L", "N"));
        return Map.copyOf(allowed);
    }

    static Set<String> values(String... values) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }
}
