package org.medsoc.vuln;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.medsoc.spi.error.MedsocException;

/** Splits and validates {@code PREFIX/K:V/K:V} CVSS vector strings (shared by the 3.1 and 4.0 calculators). */
final class CvssVectors {
    private CvssVectors() {}

    /**
     * The metrics of a vector after its prefix, in order; rejects unknown metrics, values not allowed for a metric,
     * duplicates and missing mandatory metrics, naming the metric.
     */
    static Map<String, String> metrics(
            String vector, String prefix, Map<String, Set<String>> allowed, Set<String> mandatory) {
        Map<String, String> metrics = new LinkedHashMap<>();
        if (!vector.startsWith(prefix)) {
            throw invalid(vector, "must start with '" + prefix + "'");
        }
        int start = prefix.length();
        if (start >= vector.length()) {
            throw invalid(vector, "has no metrics after '" + prefix + "'");
        }
        while (start <= vector.length()) {
            int slash = vector.indexOf('/', start);
            int end = slash < 0 ? vector.length() : slash;
            String part = vector.substring(start, end);
            int colon = part.indexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                throw invalid(vector, "has a malformed metric '" + part + "' (expected NAME:VALUE)");
            }
            String name = part.substring(0, colon);
            String value = part.substring(colon + 1);
            Set<String> values = allowed.get(name);
            if (values == null) {
                throw invalid(vector, "has an unknown metric '" + name + "'");
            }
            if (!values.contains(value)) {
                throw invalid(vector, "has an invalid value '" + value + "' for metric '" + name + "' (allowed: "
                        + String.join(", ", values) + ")");
            }
            if (metrics.putIfAbsent(name, value) != null) {
                throw invalid(vector, "has the metric '" + name + "' more than once");
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        for (String name : mandatory) {
            if (!metrics.containsKey(name)) {
                throw invalid(vector, "lacks the mandatory metric '" + name + "'");
            }
        }
        return metrics;
    }

    static MedsocException invalid(String vector, String reason) {
        return new MedsocException(VulnErrorCode.INVALID_CVSS_VECTOR, "CVSS vector '" + vector + "' " + reason);
    }
}
