package org.medsoc.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medsoc.vuln.CvssScore;
import org.medsoc.vuln.Finding;
import org.medsoc.vuln.HostAddress;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScanReport;
import org.medsoc.vuln.ScannedHost;
import org.medsoc.vuln.Severity;

/** Builds scanner reports for tests without parsing files. */
final class Reports {
    private Reports() {}

    /** A finding of {@code cve} (or, when it does not start with CVE-, of that plugin id) on ip:port. */
    static Finding finding(ReportFormat scanner, String ip, int port, String cveOrPlugin, Severity severity) {
        boolean cve = cveOrPlugin.startsWith("CVE-");
        return new Finding(scanner, cve ? "plugin-" + cveOrPlugin : cveOrPlugin, "Weakness " + cveOrPlugin, severity,
                cve ? List.of(cveOrPlugin) : List.of(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), new HostAddress(Optional.of(ip), Optional.empty(), Optional.empty()),
                port, "tcp", Optional.empty(), Optional.empty(), "", "", "Upgrade", List.of(), Optional.empty(),
                Optional.empty());
    }

    static Finding finding(String ip, int port, String cveOrPlugin, Severity severity) {
        return finding(ReportFormat.NESSUS, ip, port, cveOrPlugin, severity);
    }

    /** A finding with CVSS vectors and scores as a scanner reports them. */
    static Finding scored(String ip, String cve, Severity severity, String v3, double reported3, String v4,
            double reported4) {
        Finding f = finding(ip, 443, cve, severity);
        return new Finding(f.scanner(), f.scannerId(), f.title(), f.severity(), f.cves(), f.cwes(),
                Optional.of(new CvssScore(v3, reported3)), Optional.of(new CvssScore(v4, reported4)),
                f.scannerScore(), f.detectionQuality(), f.host(), f.port(), f.protocol(), f.service(), f.location(),
                f.evidence(), f.description(), f.solution(), f.references(), f.firstSeen(), f.lastSeen());
    }

    /** A finding with a chosen title and solution (CSV tests). */
    static Finding titled(String ip, int port, String plugin, String title, String solution) {
        Finding f = finding(ip, port, plugin, Severity.HIGH);
        return new Finding(f.scanner(), f.scannerId(), title, f.severity(), f.cves(), f.cwes(), f.cvss3(), f.cvss4(),
                f.scannerScore(), f.detectionQuality(), f.host(), f.port(), f.protocol(), f.service(), f.location(),
                f.evidence(), f.description(), solution, f.references(), f.firstSeen(), f.lastSeen());
    }

    /** A report that ran at {@code start} and reached the hosts of its findings plus {@code extraHosts}. */
    static ScanReport report(Instant start, List<Finding> findings, String... extraHosts) {
        Map<String, ScannedHost> hosts = new LinkedHashMap<>();
        for (Finding f : findings) {
            hosts.putIfAbsent(f.host().key(), new ScannedHost(f.host(), Optional.empty(), List.of()));
        }
        for (String ip : extraHosts) {
            hosts.putIfAbsent(ip, new ScannedHost(new HostAddress(Optional.of(ip), Optional.empty(),
                    Optional.empty()), Optional.empty(), List.of()));
        }
        ReportFormat scanner = findings.isEmpty() ? ReportFormat.NESSUS : findings.get(0).scanner();
        return new ScanReport(scanner, Optional.of(start), Optional.of(start.plusSeconds(600)),
                new ArrayList<>(hosts.values()), findings);
    }

    /**
     * A large generated report: {@code hosts} hosts 10.x.y.z with {@code perHost} findings each; finding {@code i}
     * of a host has CVE-2024-(10000+i) on port 1000+i, severity cycling CRITICAL, HIGH, MEDIUM, LOW, INFO.
     */
    static ScanReport large(Instant start, int hosts, int perHost) {
        List<Finding> findings = new ArrayList<>(hosts * perHost);
        Severity[] severities = Severity.values();
        for (int h = 0; h < hosts; h++) {
            String ip = "10." + (h >> 16 & 255) + "." + (h >> 8 & 255) + "." + (h & 255);
            for (int i = 0; i < perHost; i++) {
                findings.add(finding(ip, 1000 + i, "CVE-2024-" + (10000 + i), severities[i % severities.length]));
            }
        }
        return report(start, findings);
    }
}
