package org.medsoc.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

class ReimportPlanTest {

    static Finding finding(String ip, int port, String pluginId, Severity severity, String... cves) {
        return new Finding(ReportFormat.NESSUS, pluginId, "plugin " + pluginId, severity, List.of(cves), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                new HostAddress(Optional.of(ip), Optional.empty(), Optional.empty()), port, "tcp", Optional.empty(),
                Optional.empty(), "", "", "", List.of(), Optional.empty(), Optional.empty());
    }

    private static ScanReport report(List<Finding> findings, String... extraHosts) {
        List<ScannedHost> hosts = new java.util.ArrayList<>();
        for (String host : extraHosts) {
            hosts.add(new ScannedHost(new HostAddress(Optional.of(host), Optional.empty(), Optional.empty()),
                    Optional.empty(), List.of()));
        }
        return new ScanReport(ReportFormat.NESSUS, Optional.empty(), Optional.empty(), hosts, findings);
    }

    @Test
    void classifiesNewStillOpenClosedAndReopened() {
        Finding keep = finding("10.0.0.1", 443, "1", Severity.HIGH);
        Finding gone = finding("10.0.0.1", 22, "2", Severity.MEDIUM);
        Finding back = finding("10.0.0.1", 80, "3", Severity.LOW);
        Finding fresh = finding("10.0.0.1", 8080, "4", Severity.CRITICAL);
        Finding otherHost = finding("10.0.0.2", 443, "1", Severity.HIGH);

        ReimportPlan plan = ReimportPlan.compute(
                Set.of(keep.fingerprint(), gone.fingerprint(), otherHost.fingerprint()),
                Set.of(back.fingerprint()),
                report(List.of(keep, back, fresh)),
                ReimportScope.scannedHosts());

        assertThat(plan.stillOpen()).containsExactly(keep);
        assertThat(plan.reopened()).containsExactly(back);
        assertThat(plan.newFindings()).containsExactly(fresh);
        assertThat(plan.closed()).containsExactly(gone.fingerprint());
        // 10.0.0.2 was not rescanned: its open finding is left alone
        assertThat(plan.untouched()).containsExactly(otherHost.fingerprint());
        assertThat(plan.duplicates()).isZero();
    }

    @Test
    void closesEverythingOnRescannedHostWithoutFindings() {
        Finding gone = finding("10.0.0.3", 22, "2", Severity.MEDIUM);
        ReimportPlan plan = ReimportPlan.compute(Set.of(gone.fingerprint()), report(List.of(), "10.0.0.3"),
                ReimportScope.scannedHosts());
        assertThat(plan.closed()).containsExactly(gone.fingerprint());
        assertThat(plan.newFindings()).isEmpty();
    }

    @Test
    void usesExplicitHostScope() {
        Finding a = finding("10.0.0.1", 22, "2", Severity.MEDIUM);
        Finding b = finding("10.0.0.2", 22, "2", Severity.MEDIUM);
        ReimportPlan plan = ReimportPlan.compute(Set.of(a.fingerprint(), b.fingerprint()), report(List.of()),
                ReimportScope.hosts(Set.of("10.0.0.2")));
        assertThat(plan.closed()).containsExactly(b.fingerprint());
        assertThat(plan.untouched()).containsExactly(a.fingerprint());
    }

    @Test
    void countsDuplicatesWithinReportOnce() {
        Finding one = finding("10.0.0.1", 443, "1", Severity.HIGH);
        Finding same = finding("10.0.0.1", 443, "1", Severity.HIGH);
        ReimportPlan plan = ReimportPlan.compute(Set.of(), report(List.of(one, same)), ReimportScope.scannedHosts());
        assertThat(plan.newFindings()).containsExactly(one);
        assertThat(plan.duplicates()).isEqualTo(1);
    }

    @Test
    void fingerprintsSameCveOnSamePortAlikeAcrossScanners() {
        Finding nessus = finding("10.0.0.1", 22, "12345", Severity.HIGH, "CVE-2023-38408");
        Finding other = new Finding(ReportFormat.OPENVAS, "1.3.6.1.4.1.25623.1.0.1", "other title", Severity.MEDIUM,
                List.of("CVE-2023-38408"), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), new HostAddress(Optional.of("10.0.0.1"), Optional.of("db"), Optional.empty()), 22,
                "tcp", Optional.empty(), Optional.empty(), "x", "y", "z", List.of(), Optional.empty(),
                Optional.empty());
        assertThat(other.fingerprint()).isEqualTo(nessus.fingerprint());
        assertThat(nessus.fingerprint()).startsWith("10.0.0.1|").hasSize("10.0.0.1|".length() + 32);
        assertThat(Finding.hostKeyOf(nessus.fingerprint())).isEqualTo("10.0.0.1");
        // port, protocol, host and vulnerability all take part
        assertThat(finding("10.0.0.1", 23, "12345", Severity.HIGH, "CVE-2023-38408").fingerprint())
                .isNotEqualTo(nessus.fingerprint());
        assertThat(finding("10.0.0.9", 22, "12345", Severity.HIGH, "CVE-2023-38408").fingerprint())
                .isNotEqualTo(nessus.fingerprint());
        assertThat(finding("10.0.0.1", 22, "12345", Severity.HIGH).fingerprint()).isNotEqualTo(nessus.fingerprint());
        // CVE order does not matter
        assertThat(finding("10.0.0.1", 22, "1", Severity.HIGH, "CVE-2020-0002", "CVE-2020-0001").fingerprint())
                .isEqualTo(finding("10.0.0.1", 22, "2", Severity.LOW, "CVE-2020-0001", "CVE-2020-0002")
                        .fingerprint());
    }

    @Test
    void fingerprintsAreStableAcrossImportsOfTheSameReport() {
        ScanReport first = ScanReports.parse(TestReports.path("rich.nessus"));
        ScanReport second = ScanReports.parse(TestReports.path("rich.nessus"));
        Set<String> open = new java.util.HashSet<>();
        first.findings().forEach(f -> open.add(f.fingerprint()));
        ReimportPlan plan = ReimportPlan.compute(open, second, ReimportScope.scannedHosts());
        assertThat(plan.stillOpen()).hasSize(3);
        assertThat(plan.newFindings()).isEmpty();
        assertThat(plan.closed()).isEmpty();
    }

    @Test
    void rejectsMalformedFingerprint() {
        assertThatThrownBy(() -> ReimportPlan.compute(Set.of("no-separator"), report(List.of()),
                        ReimportScope.scannedHosts()))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("not a finding fingerprint");
    }
}
