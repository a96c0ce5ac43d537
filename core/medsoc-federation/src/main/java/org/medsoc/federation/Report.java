package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One report as it travels: the node's sequence number, the type, when it was created, and the JSON payload (the
 * serialised {@link ReportBody}, or whatever a newer node sent).
 */
public record Report(long sequence, ReportType type, Instant createdAt, String payload) {
    /** Checks the parts. */
    public Report {
        requireNonNull(type, "type is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(payload, "payload is null");
        if (sequence < 1) {
            throw new IllegalArgumentException("report sequence must be at least 1, was " + sequence);
        }
    }

    /** The payload as its typed body. */
    public ReportBody body() {
        return Wire.reportBody(type, payload);
    }
}
