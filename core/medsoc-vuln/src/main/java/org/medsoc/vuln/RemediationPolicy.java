package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * Remediation deadlines (SLA) per severity, counted from when a finding was first seen. Defaults: critical 7 days,
 * high 30, medium 90, low 120, informational findings have no deadline.
 */
public final class RemediationPolicy {
    private static final RemediationPolicy DEFAULTS = builder().build();

    private final Map<Severity, Duration> deadlines;

    private RemediationPolicy(Map<Severity, Duration> deadlines) {
        this.deadlines = new EnumMap<>(deadlines);
    }

    /** The default policy (7/30/90/120 days, none for INFO). */
    public static RemediationPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Time allowed to remediate a finding of this severity; empty when the severity has no deadline. */
    public Optional<Duration> deadline(Severity severity) {
        requireNonNull(severity, "severity is null");
        return Optional.ofNullable(deadlines.get(severity));
    }

    /** When a finding of this severity first seen at {@code firstSeen} must be remediated; empty if never. */
    public Optional<Instant> dueAt(Severity severity, Instant firstSeen) {
        requireNonNull(firstSeen, "firstSeen is null");
        return deadline(severity).map(firstSeen::plus);
    }

    /**
     * When the finding must be remediated: from its first-seen time, or from {@code importedAt} when the report did
     * not say when it was first seen.
     */
    public Optional<Instant> dueAt(Finding finding, Instant importedAt) {
        requireNonNull(finding, "finding is null");
        requireNonNull(importedAt, "importedAt is null");
        return dueAt(finding.severity(), finding.firstSeen().orElse(importedAt));
    }

    /** Whether a finding of this severity first seen at {@code firstSeen} is past its deadline at {@code now}. */
    public boolean overdue(Severity severity, Instant firstSeen, Instant now) {
        requireNonNull(now, "now is null");
        return dueAt(severity, firstSeen).map(now::isAfter).orElse(false);
    }

    /** Builds a {@link RemediationPolicy}; every severity starts with its default deadline. */
    public static final class Builder {
        private final Map<Severity, Duration> deadlines = new EnumMap<>(Severity.class);

        private Builder() {
            deadlines.put(Severity.CRITICAL, Duration.ofDays(7));
            deadlines.put(Severity.HIGH, Duration.ofDays(30));
            deadlines.put(Severity.MEDIUM, Duration.ofDays(90));
            deadlines.put(Severity.LOW, Duration.ofDays(120));
        }

        /** Sets the deadline for a severity; it must be positive. */
        public Builder deadline(Severity severity, Duration deadline) {
            requireNonNull(severity, "severity is null");
            requireNonNull(deadline, "deadline is null");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new MedsocException(VulnErrorCode.INVALID_POLICY,
                        "remediation deadline for " + severity + " must be positive, got " + deadline);
            }
            deadlines.put(severity, deadline);
            return this;
        }

        /** Removes the deadline of a severity: its findings are never overdue. */
        public Builder noDeadline(Severity severity) {
            requireNonNull(severity, "severity is null");
            deadlines.remove(severity);
            return this;
        }

        /** The policy; deadlines must not grow with severity (a critical finding cannot get longer than a high). */
        public RemediationPolicy build() {
            Duration previous = null;
            Severity previousSeverity = null;
            for (Severity severity : Severity.values()) {
                Duration current = deadlines.get(severity);
                if (current == null) {
                    continue;
                }
                if (previous != null && current.compareTo(previous) < 0) {
                    throw new MedsocException(VulnErrorCode.INVALID_POLICY,
                            "remediation deadline for " + severity + " (" + current + ") is shorter than for the more"
                                    + " severe " + previousSeverity + " (" + previous + ")");
                }
                previous = current;
                previousSeverity = severity;
            }
            return new RemediationPolicy(deadlines);
        }
    }
}
