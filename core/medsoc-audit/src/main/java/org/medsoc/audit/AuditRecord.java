package org.medsoc.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A stored audit entry: its place in the chain, its time, and its hash (SHA-256 over the previous row's hash and this
 * row's canonical content).
 *
 * @param sequence position in the log, from 1, without gaps
 * @param time when it was recorded (microsecond precision)
 * @param entry what was recorded
 * @param hash this row's chain hash, lowercase hex
 */
public record AuditRecord(long sequence, Instant time, AuditEntry entry, String hash) {
    /** Checks the parts. */
    public AuditRecord {
        requireNonNull(time, "time is null");
        requireNonNull(entry, "entry is null");
        requireNonNull(hash, "hash is null");
    }
}
