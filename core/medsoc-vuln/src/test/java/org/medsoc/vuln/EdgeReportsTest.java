package org.medsoc.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

class EdgeReportsTest {

    @Test
    void readsNessusCvssCveCweAndHostProperties() {
        ScanReport report = ScanReports.parse(TestReports.path("rich.nessus"));
        assertThat(report.scanner()).isEqualTo(ReportFormat.NESSUS);
        assertThat(report.findings()).hasSize(3);
        Finding ms17 = report.findings().getFirst();
        assertThat(ms17.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(ms17.cves()).containsExactly("CVE-2017-0143", "CVE-2017-0144");
        assertThat(ms17.cwes()).containsExactly("CWE-20", "CWE-94");
        assertThat(ms17.cvss3()).contains(new CvssScore("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1));
        // no cvss4_base_score in the report: computed from the vector (FIRST examples: 9.3)
        assertThat(ms17.cvss4()).contains(
                new CvssScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3));
        assertThat(ms17.scannerScore()).contains(8.1);
        assertThat(ms17.references()).containsExactly(
                "https://docs.microsoft.com/en-us/security-updates/SecurityBulletins/2017/ms17-010",
                "https://example.org/eternalblue");
        assertThat(ms17.description()).isEqualTo("The remote Windows host is affected by multiple vulnerabilities."
                + "\n\nThe remote Windows host is missing a security update.");
        assertThat(ms17.host().ip()).contains("10.20.30.40");
        assertThat(ms17.host().hostname()).contains("pacs01.clinic.example");
        assertThat(ms17.host().mac()).contains("00:50:56:aa:bb:cc");
        assertThat(ms17.service()).contains("cifs");
        assertThat(ms17.firstSeen()).contains(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(ms17.lastSeen()).contains(Instant.ofEpochSecond(1_700_003_600L));

        Finding icmp = report.findings().get(1);
        assertThat(icmp.protocol()).isEqualTo("udp");
        assertThat(icmp.port()).isZero();
        assertThat(icmp.evidence()).isEqualTo("abcdefghijklmnopqrstuvwxyz0123456789");
        // vector without a reported score: base score computed (Heartbleed-like vector, 7.5)
        assertThat(icmp.cvss3()).map(CvssScore::baseScore).contains(7.5);

        Finding rdp = report.findings().get(2);
        assertThat(rdp.host().ip()).contains("10.20.30.41");
        assertThat(rdp.host().hostname()).isEmpty();
        assertThat(report.hosts()).hasSize(2);
        assertThat(report.hosts().getFirst().operatingSystem()).contains("Microsoft Windows Server 2019");
        assertThat(report.hosts().getFirst().openPorts()).extracting(OpenPort::port).containsExactly(445);
    }

    @Test
    void boundsEvidenceLength() {
        ScanReport report = ScanReports.parse(
                TestReports.path("rich.nessus"), ReportFormat.NESSUS, ParseLimits.DEFAULTS.withMaxEvidenceLength(10));
        assertThat(report.findings().get(1).evidence()).isEqualTo("abcdefghij\n[... truncated by medsoc]");
    }

    @Test
    void readsGreenboneSeveritiesAndDropsFalsePositives() {
        ScanReport report = ScanReports.parse(TestReports.path("gmp22.xml"), ReportFormat.OPENVAS);
        assertThat(report.findings()).hasSize(2);
        Finding ssh = report.findings().getFirst();
        assertThat(ssh.title()).isEqualTo("OpenSSH 8.9 Multiple Vulnerabilities");
        assertThat(ssh.cves()).containsExactly("CVE-2023-38408");
        assertThat(ssh.cwes()).containsExactly("CWE-428");
        assertThat(ssh.cvss3()).contains(new CvssScore("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1));
        assertThat(ssh.description()).isEqualTo("OpenSSH is prone to | multiple issues.");
        assertThat(ssh.solution()).isEqualTo("Update to 9.3.");
        assertThat(ssh.host().hostname()).contains("ehr-db.clinic.example");
        assertThat(ssh.firstSeen()).contains(Instant.parse("2024-03-01T08:10:00Z"));
        assertThat(ssh.lastSeen()).contains(Instant.parse("2024-03-01T07:20:00Z"));
        Finding icmp = report.findings().get(1);
        assertThat(icmp.severity()).isEqualTo(Severity.INFO);
        assertThat(icmp.protocol()).isEqualTo("icmp");
        assertThat(report.hosts()).extracting(h -> h.address().key()).containsExactly("10.1.1.5", "10.1.1.6");
        assertThat(report.hosts().getFirst().operatingSystem()).contains("Ubuntu 22.04");
        assertThat(report.scanStart()).contains(Instant.parse("2024-03-01T08:00:00Z"));
        assertThat(report.scanEnd()).contains(Instant.parse("2024-03-01T09:05:00Z"));
    }

    @Test
    void readsCurrentNucleiJsonLines() {
        ScanReport report = ScanReports.parse(TestReports.path("nuclei-current.jsonl"));
        assertThat(report.findings()).hasSize(2);
        Finding log4j = report.findings().getFirst();
        assertThat(log4j.scannerId()).isEqualTo("CVE-2021-44228");
        assertThat(log4j.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(log4j.cves()).containsExactly("CVE-2021-44228");
        assertThat(log4j.cwes()).containsExactly("CWE-502", "CWE-400");
        assertThat(log4j.cvss3()).contains(new CvssScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0));
        assertThat(log4j.port()).isEqualTo(8443);
        assertThat(log4j.host().ip()).contains("10.9.8.7");
        assertThat(log4j.host().hostname()).contains("lims.clinic.example");
        assertThat(log4j.evidence()).isEqualTo("${jndi:ldap://x}");
        assertThat(log4j.solution()).isEqualTo("Upgrade to 2.17.1.");
        assertThat(log4j.references()).hasSize(2);
        Finding tls = report.findings().get(1);
        assertThat(tls.port()).isEqualTo(443);
        assertThat(tls.cves()).isEmpty();
        assertThat(tls.service()).contains("ssl");
    }

    @Test
    void readsNucleiArrayWithIpv6Host() {
        ScanReport report = ScanReports.parse(TestReports.path("nuclei-array.json"));
        Finding grafana = report.findings().getFirst();
        assertThat(grafana.scannerId()).isEqualTo("exposed-panel:grafana");
        assertThat(grafana.severity()).isEqualTo(Severity.INFO);
        assertThat(grafana.host().ip()).contains("2001:db8::1");
        assertThat(grafana.port()).isEqualTo(3000);
    }

    @Test
    void rejectsNucleiResultWithoutSeverityNamingIt() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("nuclei-missing-severity.jsonl")))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(VulnErrorCode.MALFORMED_REPORT.toErrorCode()))
                .hasMessageContaining("nuclei-missing-severity.jsonl:2:")
                .hasMessageContaining("result #2 (broken) has no info.severity");
    }

    @Test
    void readsNmapVulnersTextOutputMacAndOs() {
        ScanReport report = ScanReports.parse(TestReports.path("nmap-vulners-text.xml"));
        assertThat(report.scanner()).isEqualTo(ReportFormat.NMAP);
        // two CVE lines; the EDB-ID exploit line is not a CVE; the down host is left out
        assertThat(report.findings()).extracting(f -> f.cves().getFirst())
                .containsExactly("CVE-2021-41773", "CVE-2021-42013");
        assertThat(report.findings()).extracting(Finding::severity).containsExactly(Severity.HIGH, Severity.CRITICAL);
        assertThat(report.hosts()).hasSize(1);
        ScannedHost host = report.hosts().getFirst();
        assertThat(host.address().mac()).contains("00:11:22:33:44:55");
        assertThat(host.address().hostname()).contains("mri-console.clinic.example");
        assertThat(host.operatingSystem()).contains("Linux 5.4");
        assertThat(host.openPorts()).extracting(OpenPort::port).containsExactly(80);
        assertThat(report.findings().getFirst().host().mac()).contains("00:11:22:33:44:55");
    }

    @Test
    void detectsFormatsFromLeadingBytes() {
        assertThat(ScanReports.detect(bytes("\uFEFF  <?xml version=\"1.0\"?>\n<!-- c --><!DOCTYPE nmaprun>\n<nmaprun>")))
                .isEqualTo(ReportFormat.NMAP);
        assertThat(ScanReports.detect(bytes("<NessusClientData_v2>"))).isEqualTo(ReportFormat.NESSUS);
        assertThat(ScanReports.detect(bytes("<report id=\"x\">"))).isEqualTo(ReportFormat.OPENVAS);
        assertThat(ScanReports.detect(bytes(" {\"template-id\":1}"))).isEqualTo(ReportFormat.NUCLEI);
        assertThat(ScanReports.detect(bytes("[]"))).isEqualTo(ReportFormat.NUCLEI);
        assertThatThrownBy(() -> ScanReports.detect(bytes("<html><body/></html>")))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(VulnErrorCode.UNSUPPORTED_REPORT_FORMAT.toErrorCode()));
        assertThatThrownBy(() -> ScanReports.detect(bytes("")))
                .hasMessageContaining("not a recognised scanner report");
    }

    @Test
    void rejectsReportOfAnotherFormat() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("gmp22.xml"), ReportFormat.NESSUS))
                .hasMessageContaining("expected root element <NessusClientData_v2>")
                .hasMessageContaining("found <report>");
    }

    @Test
    void rejectsMissingRequiredAttributeNamingElement() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("missing-plugin-id.nessus"), ReportFormat.NESSUS))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(VulnErrorCode.MALFORMED_REPORT.toErrorCode()))
                .hasMessageContaining("missing-plugin-id.nessus:3:")
                .hasMessageContaining("/NessusClientData_v2/Report/ReportHost/ReportItem")
                .hasMessageContaining("lacks the required attribute 'pluginID'");
    }

    @Test
    void reportsUnreadableFile() {
        assertThatThrownBy(() -> ScanReports.parse(java.nio.file.Path.of("/nonexistent/scan.nessus"),
                        ReportFormat.NESSUS))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(VulnErrorCode.REPORT_NOT_READABLE.toErrorCode()))
                .hasMessageContaining("no such file");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesFromStream() {
        ScanReport report = ScanReports.parse(new ByteArrayInputStream(bytes(
                "{\"template-id\":\"t\",\"info\":{\"name\":\"T\",\"severity\":\"high\"},\"host\":\"10.0.0.9:8080\"}")),
                ReportFormat.NUCLEI);
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.host().ip()).contains("10.0.0.9");
            assertThat(f.port()).isEqualTo(8080);
        });
    }
}
