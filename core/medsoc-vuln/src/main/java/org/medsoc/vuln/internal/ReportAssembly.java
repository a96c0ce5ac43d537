package org.medsoc.vuln.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.Finding;
import org.medsoc.vuln.ParseLimits;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScanReport;
import org.medsoc.vuln.ScannedHost;
import org.medsoc.vuln.VulnErrorCode;

/** Collects hosts and findings of one report, enforcing the finding limit, and builds the {@link ScanReport}. */
final class ReportAssembly {
    final ReportFormat format;
    final String source;
    final ParseLimits limits;
    private final List<Finding> findings = new ArrayList<>();
    private final List<ScannedHost> hosts = new ArrayList<>();
    private @Nullable Instant start;
    private @Nullable Instant end;

    ReportAssembly(ReportFormat format, String source, ParseLimits limits) {
        this.format = format;
        this.source = source;
        this.limits = limits;
    }

    void add(Finding finding) {
        if (findings.size() >= limits.maxFindings()) {
            throw new MedsocException(
                    VulnErrorCode.REPORT_TOO_LARGE,
                    source + ": report has more than " + limits.maxFindings()
                            + " findings (ParseLimits.maxFindings); split the scan or raise the limit");
        }
        findings.add(finding);
    }

    void add(ScannedHost host) {
        hosts.add(host);
    }

    /** Widens the scan window to include the instant (start side). */
    void started(@Nullable Instant instant) {
        if (instant != null && (start == null || instant.isBefore(start))) {
            start = instant;
        }
    }

    /** Widens the scan window to include the instant (end side). */
    void ended(@Nullable Instant instant) {
        if (instant != null && (end == null || instant.isAfter(end))) {
            end = instant;
        }
    }

    ScanReport build() {
        return new ScanReport(format, Optional.ofNullable(start), Optional.ofNullable(end), hosts, findings);
    }
}
