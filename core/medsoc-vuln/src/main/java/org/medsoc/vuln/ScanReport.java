package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One imported scanner report: when it ran, which hosts it reached and what it found. */
public record ScanReport(
        ReportFormat scanner,
        Optional<Instant> scanStart,
        Optional<Instant> scanEnd,
        List<ScannedHost> hosts,
        List<Finding> findings) {
    public ScanReport {
        requireNonNull(scanner, "scanner is null");
        requireNonNull(scanStart, "scanStart is null");
        requireNonNull(scanEnd, "scanEnd is null");
        hosts = List.copyOf(requireNonNull(hosts, "hosts is null"));
        findings = List.copyOf(requireNonNull(findings, "findings is null"));
    }
}
