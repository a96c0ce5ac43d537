package org.medsoc.findings;

/** The language of CSV export headers and state names. */
public enum CsvLanguage {
    /** English headers. */
    ENGLISH,
    /** Simplified Chinese headers. */
    CHINESE
}
