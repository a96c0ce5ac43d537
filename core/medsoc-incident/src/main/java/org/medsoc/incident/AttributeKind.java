package org.medsoc.incident;

/** The kinds of multi-valued attributes an incident collects from its alerts (at most 100 values per kind). */
public enum AttributeKind {
    /** ATT&CK and other rule tags, e.g. {@code attack.t1078}. */
    TAG,
    /** Asset ids known to the alert's enrichment. */
    ASSET,
    /** Host names. */
    HOST,
    /** User names. */
    USER,
    /** Source addresses. */
    SOURCE_IP,
    /** Destination addresses. */
    DESTINATION_IP,
    /** Business systems (HIS, PACS, EMR, LIS, ...). */
    BUSINESS_SYSTEM
}
