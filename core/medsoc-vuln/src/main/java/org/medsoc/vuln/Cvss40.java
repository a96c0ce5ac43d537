package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed and scored CVSS v4.0 vector.
 *
 * <p>Scoring follows the MacroVector method of the FIRST CVSS v4.0 specification (section 8): the vector is mapped
 * to its MacroVector (equivalence classes EQ1-EQ6), whose score comes from the published lookup table; the score is
 * then lowered by the mean, over the EQs with a lower MacroVector, of the available score distance times the
 * vector's proportional severity distance from the highest-severity vectors of its MacroVector; the result is
 * rounded to one decimal. Environmental ({@code M*}, {@code CR/IR/AR}) and threat ({@code E}) metrics take part as
 * the specification defines (X means the worst case for E and the requirements, the base value for modified
 * metrics); supplemental metrics are validated but do not change the score.
 *
 * <p>Data source: the MacroVector lookup table, the highest-severity vectors per EQ level ("max composed") and the
 * per-EQ maximal severity depths are the FIRST / Red Hat reference calculator's data
 * ({@code cvss_lookup.js}, {@code max_composed.js}, {@code max_severity.js} in
 * https://github.com/FIRSTdotorg/cvss-v4-calculator, BSD-2-Clause, Copyright FIRST, Red Hat, and contributors).
 * The final rounding lifts the value by 1e-6 before rounding half up at one decimal, as the reference calculator
 * does, so that x.x5 ties that land one ULP low round the intended way.
 *
 * @param vector the vector string as given
 * @param metrics the metrics in vector order
 * @param macroVector the six-digit MacroVector
 * @param score the CVSS-B/BT/BE/BTE score (which one depends on the metrics present), 0.0-10.0
 * @param severity the qualitative rating of the score
 */
public record Cvss40(String vector, Map<String, String> metrics, String macroVector, double score, Severity severity) {

    private static final String PREFIX = "CVSS:4.0/";
    private static final Set<String> MANDATORY = Set.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");
    private static final Map<String, Set<String>> ALLOWED = allowed();
    private static final Map<String, Double> LOOKUP = lookup();
    private static final double STEP = 0.1;
    private static final double EPSILON = 1e-6;

    /** Metrics whose severity distance is measured, in the reference order. */
    private static final List<String> DISTANCE_METRICS =
            List.of("AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR");

    /** Highest-severity vector parts per EQ level (reference {@code max_composed.js}). */
    private static final List<List<String>> EQ1_MAX = List.of(
            List.of("AV:N/PR:N/UI:N/"),
            List.of("AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"),
            List.of("AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/"));
    private static final List<List<String>> EQ2_MAX = List.of(
            List.of("AC:L/AT:N/"),
            List.of("AC:H/AT:N/", "AC:L/AT:P/"));
    private static final Map<String, List<String>> EQ3_EQ6_MAX = Map.of(
            "00", List.of("VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"),
            "01", List.of("VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/"),
            "10", List.of("VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/"),
            "11", List.of("VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/",
                    "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/",
                    "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/"),
            "21", List.of("VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/"));
    private static final List<List<String>> EQ4_MAX = List.of(
            List.of("SC:H/SI:S/SA:S/"), List.of("SC:H/SI:H/SA:H/"), List.of("SC:L/SI:L/SA:L/"));
    private static final List<List<String>> EQ5_MAX = List.of(List.of("E:A/"), List.of("E:P/"), List.of("E:U/"));

    /** Maximal severity depth per EQ level (reference {@code max_severity.js}). */
    private static final int[] EQ1_DEPTH = {1, 4, 5};
    private static final int[] EQ2_DEPTH = {1, 2};
    private static final Map<String, Integer> EQ3_EQ6_DEPTH = Map.of("00", 7, "01", 6, "10", 8, "11", 8, "21", 10);
    private static final int[] EQ4_DEPTH = {6, 5, 4};

    public Cvss40 {
        requireNonNull(vector, "vector is null");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
        requireNonNull(macroVector, "macroVector is null");
        requireNonNull(severity, "severity is null");
    }

    /**
     * Parses and scores a {@code CVSS:4.0/...} vector; fails with {@link VulnErrorCode#INVALID_CVSS_VECTOR} naming
     * the offending metric (unknown, invalid value, duplicate, missing mandatory base metric) or the wrong prefix.
     */
    public static Cvss40 parse(String vector) {
        requireNonNull(vector, "vector is null");
        Map<String, String> metrics = CvssVectors.metrics(vector, PREFIX, ALLOWED, MANDATORY);
        String macroVector = macroVector(metrics);
        double score = score(metrics, macroVector);
        return new Cvss40(vector, metrics, macroVector, score, Severity.fromCvssScore(score));
    }

    /** The effective value of a metric: E and CR/IR/AR X mean the worst case, modified metrics override base. */
    private static String effective(Map<String, String> m, String metric) {
        String selected = m.getOrDefault(metric, "X");
        if (metric.equals("E") && selected.equals("X")) {
            return "A";
        }
        if ((metric.equals("CR") || metric.equals("IR") || metric.equals("AR")) && selected.equals("X")) {
            return "H";
        }
        String modified = m.get("M" + metric);
        if (modified != null && !modified.equals("X")) {
            return modified;
        }
        return selected;
    }

    private static String macroVector(Map<String, String> m) {
        String av = effective(m, "AV");
        String pr = effective(m, "PR");
        String ui = effective(m, "UI");
        int eq1;
        if (av.equals("N") && pr.equals("N") && ui.equals("N")) {
            eq1 = 0;
        } else if ((av.equals("N") || pr.equals("N") || ui.equals("N")) && !av.equals("P")) {
            eq1 = 1;
        } else {
            eq1 = 2;
        }
        int eq2 = effective(m, "AC").equals("L") && effective(m, "AT").equals("N") ? 0 : 1;
        String vc = effective(m, "VC");
        String vi = effective(m, "VI");
        String va = effective(m, "VA");
        int eq3;
        if (vc.equals("H") && vi.equals("H")) {
            eq3 = 0;
        } else if (vc.equals("H") || vi.equals("H") || va.equals("H")) {
            eq3 = 1;
        } else {
            eq3 = 2;
        }
        int eq4;
        if (effective(m, "MSI").equals("S") || effective(m, "MSA").equals("S")) {
            eq4 = 0;
        } else if (effective(m, "SC").equals("H") || effective(m, "SI").equals("H") || effective(m, "SA").equals("H")) {
            eq4 = 1;
        } else {
            eq4 = 2;
        }
        int eq5 = switch (effective(m, "E")) {
            case "A" -> 0;
            case "P" -> 1;
            default -> 2; // U
        };
        boolean eq6High = (effective(m, "CR").equals("H") && vc.equals("H"))
                || (effective(m, "IR").equals("H") && vi.equals("H"))
                || (effective(m, "AR").equals("H") && va.equals("H"));
        int eq6 = eq6High ? 0 : 1;
        return "" + eq1 + eq2 + eq3 + eq4 + eq5 + eq6;
    }

    private static double score(Map<String, String> m, String macroVector) {
        boolean noImpact = true;
        for (String metric : List.of("VC", "VI", "VA", "SC", "SI", "SA")) {
            noImpact &= effective(m, metric).equals("N");
        }
        if (noImpact) {
            return 0.0;
        }
        double value = LOOKUP.get(macroVector);
        int eq1 = macroVector.charAt(0) - '0';
        int eq2 = macroVector.charAt(1) - '0';
        int eq3 = macroVector.charAt(2) - '0';
        int eq4 = macroVector.charAt(3) - '0';
        int eq5 = macroVector.charAt(4) - '0';
        int eq6 = macroVector.charAt(5) - '0';

        // 1a. score of the next lower MacroVector per EQ; NaN when there is none
        double lowerEq1 = lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
        double lowerEq2 = lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
        double lowerEq3Eq6;
        if (eq3 == 0 && eq6 == 0) {
            double left = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
            double right = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
            lowerEq3Eq6 = left > right ? left : right; // the reference keeps "right" unless left is greater
        } else if (eq3 == 1 && eq6 == 0) {
            lowerEq3Eq6 = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
        } else if (eq3 == 2 && eq6 == 1) {
            lowerEq3Eq6 = Double.NaN; // 21 -> 32 does not exist
        } else {
            lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6); // 01 -> 11, 11 -> 21
        }
        double lowerEq4 = lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
        double lowerEq5 = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

        // 1b. severity distance from the first highest-severity vector of the MacroVector that is not below it
        String eq3eq6 = "" + eq3 + eq6;
        double[] distance = new double[DISTANCE_METRICS.size()];
        search:
        for (String max1 : EQ1_MAX.get(eq1)) {
            for (String max2 : EQ2_MAX.get(eq2)) {
                for (String max36 : EQ3_EQ6_MAX.get(eq3eq6)) {
                    for (String max4 : EQ4_MAX.get(eq4)) {
                        for (String max5 : EQ5_MAX.get(eq5)) {
                            String max = max1 + max2 + max36 + max4 + max5;
                            boolean negative = false;
                            for (int i = 0; i < distance.length; i++) {
                                String metric = DISTANCE_METRICS.get(i);
                                distance[i] = level(metric, effective(m, metric)) - level(metric, valueIn(max, metric));
                                negative |= distance[i] < 0;
                            }
                            if (!negative) {
                                break search;
                            }
                        }
                    }
                }
            }
        }
        double distanceEq1 = distance[0] + distance[1] + distance[2];
        double distanceEq2 = distance[3] + distance[4];
        double distanceEq3Eq6 = distance[5] + distance[6] + distance[7] + distance[11] + distance[12] + distance[13];
        double distanceEq4 = distance[8] + distance[9] + distance[10];

        // 1c/1d. proportion of the MacroVector depth times the available score distance
        double availableEq1 = value - lowerEq1;
        double availableEq2 = value - lowerEq2;
        double availableEq3Eq6 = value - lowerEq3Eq6;
        double availableEq4 = value - lowerEq4;
        double availableEq5 = value - lowerEq5;
        int existingLower = 0;
        double normalizedEq1 = 0;
        double normalizedEq2 = 0;
        double normalizedEq3Eq6 = 0;
        double normalizedEq4 = 0;
        double normalizedEq5 = 0;
        if (!Double.isNaN(availableEq1)) {
            existingLower++;
            normalizedEq1 = availableEq1 * (distanceEq1 / (EQ1_DEPTH[eq1] * STEP));
        }
        if (!Double.isNaN(availableEq2)) {
            existingLower++;
            normalizedEq2 = availableEq2 * (distanceEq2 / (EQ2_DEPTH[eq2] * STEP));
        }
        if (!Double.isNaN(availableEq3Eq6)) {
            existingLower++;
            normalizedEq3Eq6 = availableEq3Eq6 * (distanceEq3Eq6 / (EQ3_EQ6_DEPTH.get(eq3eq6) * STEP));
        }
        if (!Double.isNaN(availableEq4)) {
            existingLower++;
            normalizedEq4 = availableEq4 * (distanceEq4 / (EQ4_DEPTH[eq4] * STEP));
        }
        if (!Double.isNaN(availableEq5)) {
            existingLower++;
            normalizedEq5 = availableEq5 * 0; // EQ5 has a single level per MacroVector: proportion is always 0
        }
        // 2. mean of the proportional distances
        double mean = existingLower == 0 ? 0
                : (normalizedEq1 + normalizedEq2 + normalizedEq3Eq6 + normalizedEq4 + normalizedEq5) / existingLower;
        // 3. MacroVector score minus the mean, clamped, rounded to one decimal
        value -= mean;
        if (value < 0) {
            value = 0.0;
        }
        if (value > 10) {
            value = 10.0;
        }
        return Math.round((value + EPSILON) * 10) / 10.0;
    }

    private static double lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
        Double score = LOOKUP.get("" + eq1 + eq2 + eq3 + eq4 + eq5 + eq6);
        return score == null ? Double.NaN : score;
    }

    /** The value of {@code metric} in a {@code K:V/K:V/} max-vector string. */
    private static String valueIn(String max, String metric) {
        int start = 0;
        while (true) {
            int colon = max.indexOf(':', start);
            int slash = max.indexOf('/', colon);
            if (max.regionMatches(start, metric, 0, metric.length()) && colon - start == metric.length()) {
                return max.substring(colon + 1, slash);
            }
            start = slash + 1;
        }
    }

    /** Severity level of a metric value as the reference calculator defines it for distances. */
    private static double level(String metric, String value) {
        return switch (metric) {
            case "AV" -> switch (value) {
                case "N" -> 0.0;
                case "A" -> 0.1;
                case "L" -> 0.2;
                default -> 0.3;
            };
            case "PR" -> switch (value) {
                case "N" -> 0.0;
                case "L" -> 0.1;
                default -> 0.2;
            };
            case "UI" -> switch (value) {
                case "N" -> 0.0;
                case "P" -> 0.1;
                default -> 0.2;
            };
            case "AC" -> value.equals("L") ? 0.0 : 0.1;
            case "AT" -> value.equals("N") ? 0.0 : 0.1;
            case "VC", "VI", "VA" -> switch (value) {
                case "H" -> 0.0;
                case "L" -> 0.1;
                default -> 0.2;
            };
            case "SC" -> switch (value) {
                case "H" -> 0.1;
                case "L" -> 0.2;
                default -> 0.3;
            };
            case "SI", "SA" -> switch (value) {
                case "S" -> 0.0;
                case "H" -> 0.1;
                case "L" -> 0.2;
                default -> 0.3;
            };
            case "CR", "IR", "AR" -> switch (value) {
                case "H" -> 0.0;
                case "M" -> 0.1;
                default -> 0.2;
            };
            default -> throw new IllegalStateException("no distance level for metric " + metric);
        };
    }

    private static Map<String, Set<String>> allowed() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put("AV", Cvss31.values("N", "A", "L", "P"));
        allowed.put("AC", Cvss31.values("L", "H"));
        allowed.put("AT", Cvss31.values("N", "P"));
        allowed.put("PR", Cvss31.values("N", "L", "H"));
        allowed.put("UI", Cvss31.values("N", "P", "A"));
        for (String impact : List.of("VC", "VI", "VA", "SC", "SI", "SA")) {
            allowed.put(impact, Cvss31.values("H", "L", "N"));
        }
        allowed.put("E", Cvss31.values("X", "A", "P", "U"));
        for (String requirement : List.of("CR", "IR", "AR")) {
            allowed.put(requirement, Cvss31.values("X", "H", "M", "L"));
        }
        allowed.put("MAV", Cvss31.values("X", "N", "A", "L", "P"));
        allowed.put("MAC", Cvss31.values("X", "L", "H"));
        allowed.put("MAT", Cvss31.values("X", "N", "P"));
        allowed.put("MPR", Cvss31.values("X", "N", "L", "H"));
        allowed.put("MUI", Cvss31.values("X", "N", "P", "A"));
        for (String impact : List.of("MVC", "MVI", "MVA", "MSC")) {
            allowed.put(impact, Cvss31.values("X", "H", "L", "N"));
        }
        allowed.put("MSI", Cvss31.values("X", "S", "H", "L", "N"));
        allowed.put("MSA", Cvss31.values("X", "S", "H", "L", "N"));
        allowed.put("S", Cvss31.values("X", "N", "P"));
        allowed.put("AU", Cvss31.values("X", "N", "Y"));
        allowed.put("R", Cvss31.values("X", "A", "U", "I"));
        allowed.put("V", Cvss31.values("X", "D", "C"));
        allowed.put("RE", Cvss31.values("X", "L", "M", "H"));
        allowed.put("U", Cvss31.values("X", "Clear", "Green", "Amber", "Red"));
        return Map.copyOf(allowed);
    }

    /** MacroVector -> score; data from the FIRST reference calculator's {@code cvss_lookup.js} (BSD-2-Clause). */
    private static Map<String, Double> lookup() {
        String data = ""
            + "000000:10 000001:9.9 000010:9.8 000011:9.5 000020:9.5 000021:9.2 000100:10 000101:9.6 000110:9.3 "
            + "000111:8.7 000120:9.1 000121:8.1 000200:9.3 000201:9 000210:8.9 000211:8 000220:8.1 000221:6.8 "
            + "001000:9.8 001001:9.5 001010:9.5 001011:9.2 001020:9 001021:8.4 001100:9.3 001101:9.2 001110:8.9 "
            + "001111:8.1 001120:8.1 001121:6.5 001200:8.8 001201:8 001210:7.8 001211:7 001220:6.9 001221:4.8 "
            + "002001:9.2 002011:8.2 002021:7.2 002101:7.9 002111:6.9 002121:5 002201:6.9 002211:5.5 002221:2.7 "
            + "010000:9.9 010001:9.7 010010:9.5 010011:9.2 010020:9.2 010021:8.5 010100:9.5 010101:9.1 010110:9 "
            + "010111:8.3 010120:8.4 010121:7.1 010200:9.2 010201:8.1 010210:8.2 010211:7.1 010220:7.2 010221:5.3 "
            + "011000:9.5 011001:9.3 011010:9.2 011011:8.5 011020:8.5 011021:7.3 011100:9.2 011101:8.2 011110:8 "
            + "011111:7.2 011120:7 011121:5.9 011200:8.4 011201:7 011210:7.1 011211:5.2 011220:5 011221:3 "
            + "012001:8.6 012011:7.5 012021:5.2 012101:7.1 012111:5.2 012121:2.9 012201:6.3 012211:2.9 012221:1.7 "
            + "100000:9.8 100001:9.5 100010:9.4 100011:8.7 100020:9.1 100021:8.1 100100:9.4 100101:8.9 100110:8.6 "
            + "100111:7.4 100120:7.7 100121:6.4 100200:8.7 100201:7.5 100210:7.4 100211:6.3 100220:6.3 100221:4.9 "
            + "101000:9.4 101001:8.9 101010:8.8 101011:7.7 101020:7.6 101021:6.7 101100:8.6 101101:7.6 101110:7.4 "
            + "101111:5.8 101120:5.9 101121:5 101200:7.2 101201:5.7 101210:5.7 101211:5.2 101220:5.2 101221:2.5 "
            + "102001:8.3 102011:7 102021:5.4 102101:6.5 102111:5.8 102121:2.6 102201:5.3 102211:2.1 102221:1.3 "
            + "110000:9.5 110001:9 110010:8.8 110011:7.6 110020:7.6 110021:7 110100:9 110101:7.7 110110:7.5 "
            + "110111:6.2 110120:6.1 110121:5.3 110200:7.7 110201:6.6 110210:6.8 110211:5.9 110220:5.2 110221:3 "
            + "111000:8.9 111001:7.8 111010:7.6 111011:6.7 111020:6.2 111021:5.8 111100:7.4 111101:5.9 111110:5.7 "
            + "111111:5.7 111120:4.7 111121:2.3 111200:6.1 111201:5.2 111210:5.7 111211:2.9 111220:2.4 111221:1.6 "
            + "112001:7.1 112011:5.9 112021:3 112101:5.8 112111:2.6 112121:1.5 112201:2.3 112211:1.3 112221:0.6 "
            + "200000:9.3 200001:8.7 200010:8.6 200011:7.2 200020:7.5 200021:5.8 200100:8.6 200101:7.4 200110:7.4 "
            + "200111:6.1 200120:5.6 200121:3.4 200200:7 200201:5.4 200210:5.2 200211:4 200220:4 200221:2.2 "
            + "201000:8.5 201001:7.5 201010:7.4 201011:5.5 201020:6.2 201021:5.1 201100:7.2 201101:5.7 201110:5.5 "
            + "201111:4.1 201120:4.6 201121:1.9 201200:5.3 201201:3.6 201210:3.4 201211:1.9 201220:1.9 201221:0.8 "
            + "202001:6.4 202011:5.1 202021:2 202101:4.7 202111:2.1 202121:1.1 202201:2.4 202211:0.9 202221:0.4 "
            + "210000:8.8 210001:7.5 210010:7.3 210011:5.3 210020:6 210021:5 210100:7.3 210101:5.5 210110:5.9 "
            + "210111:4 210120:4.1 210121:2 210200:5.4 210201:4.3 210210:4.5 210211:2.2 210220:2 210221:1.1 "
            + "211000:7.5 211001:5.5 211010:5.8 211011:4.5 211020:4 211021:2.1 211100:6.1 211101:5.1 211110:4.8 "
            + "211111:1.8 211120:2 211121:0.9 211200:4.6 211201:1.8 211210:1.7 211211:0.7 211220:0.8 211221:0.2 "
            + "212001:5.3 212011:2.4 212021:1.4 212101:2.4 212111:1.2 212121:0.5 212201:1 212211:0.3 212221:0.1 ";
        Map<String, Double> lookup = new HashMap<>();
        for (String entry : data.strip().split(" ")) {
            int colon = entry.indexOf(':');
            lookup.put(entry.substring(0, colon), Double.parseDouble(entry.substring(colon + 1)));
        }
        if (lookup.size() != 270) {
            throw new IllegalStateException("CVSS 4.0 lookup table must have 270 MacroVectors: " + lookup.size());
        }
        return Map.copyOf(lookup);
    }
}
