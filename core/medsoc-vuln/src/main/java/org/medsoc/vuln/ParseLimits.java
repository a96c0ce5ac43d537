package org.medsoc.vuln;

/**
 * Bounds applied while parsing an untrusted report; exceeding one fails the import with
 * {@link VulnErrorCode#REPORT_TOO_LARGE} (evidence is truncated instead).
 *
 * @param maxReportBytes maximum size of the report in bytes
 * @param maxTextLength maximum length in chars of one XML text node, attribute value or JSON string
 * @param maxElementDepth maximum XML element / JSON nesting depth
 * @param maxFindings maximum number of findings in one report
 * @param maxEvidenceLength evidence (scanner output) longer than this is cut and marked as truncated
 */
public record ParseLimits(
        long maxReportBytes, int maxTextLength, int maxElementDepth, int maxFindings, int maxEvidenceLength) {

    /** 2 GiB per report, 1 MiB per text, depth 64, 1,000,000 findings, 64 KiB evidence. */
    public static final ParseLimits DEFAULTS = new ParseLimits(2L << 30, 1 << 20, 64, 1_000_000, 64 << 10);

    public ParseLimits {
        if (maxReportBytes <= 0 || maxTextLength <= 0 || maxElementDepth <= 0 || maxFindings <= 0
                || maxEvidenceLength <= 0) {
            throw new IllegalArgumentException("parse limits must be positive");
        }
    }

    /** These limits with another maximum text length. */
    public ParseLimits withMaxTextLength(int value) {
        return new ParseLimits(maxReportBytes, value, maxElementDepth, maxFindings, maxEvidenceLength);
    }

    /** These limits with another maximum finding count. */
    public ParseLimits withMaxFindings(int value) {
        return new ParseLimits(maxReportBytes, maxTextLength, maxElementDepth, value, maxEvidenceLength);
    }

    /** These limits with another maximum report size. */
    public ParseLimits withMaxReportBytes(long value) {
        return new ParseLimits(value, maxTextLength, maxElementDepth, maxFindings, maxEvidenceLength);
    }

    /** These limits with another maximum nesting depth. */
    public ParseLimits withMaxElementDepth(int value) {
        return new ParseLimits(maxReportBytes, maxTextLength, value, maxFindings, maxEvidenceLength);
    }

    /** These limits with another evidence cut-off. */
    public ParseLimits withMaxEvidenceLength(int value) {
        return new ParseLimits(maxReportBytes, maxTextLength, maxElementDepth, maxFindings, value);
    }
}
