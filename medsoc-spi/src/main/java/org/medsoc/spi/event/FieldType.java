package org.medsoc.spi.event;

/** How a field's values are indexed, compared and aggregated. Values are always carried as strings. */
public enum FieldType {
    /** Exact-match string: ids, names, enumerations. Aggregatable. */
    KEYWORD,
    /** Free text, tokenised for search (messages, command lines, URLs); also kept whole for exact match. */
    TEXT,
    /** Signed 64-bit integer (ports, byte counts, status codes, severities). */
    LONG,
    /** IPv4 or IPv6 address; supports CIDR and range queries. */
    IP,
    /** Instant as epoch milliseconds. */
    DATE
}
