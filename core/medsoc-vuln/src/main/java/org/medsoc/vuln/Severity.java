package org.medsoc.vuln;

/** The qualitative severity of a finding, ordered from most to least severe. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO;

    /**
     * The CVSS v3.x/v4.0 qualitative rating of a 0.0–10.0 score: 0.0 none (INFO), 0.1–3.9 LOW, 4.0–6.9 MEDIUM,
     * 7.0–8.9 HIGH, 9.0–10.0 CRITICAL.
     */
    public static Severity fromCvssScore(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        if (score > 0.0) {
            return LOW;
        }
        return INFO;
    }
}
