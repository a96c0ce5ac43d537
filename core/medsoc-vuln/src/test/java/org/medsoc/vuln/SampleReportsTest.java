package org.medsoc.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Parses the DefectDojo sample reports in {@code shared/samples/scans} and checks counts and fields that were
 * established independently by reading the files (Python ElementTree / json scripts and by eye).
 */
class SampleReportsTest {

    @Test
    void parsesNessusSample() {
        var file = SharedSamples.scan("tenable/nessus/nessus_many_vuln.xml");
        assertThat(ScanReports.detect(file)).isEqualTo(ReportFormat.NESSUS);
        ScanReport report = ScanReports.parse(file, ReportFormat.NESSUS);

        // 1 ReportHost with 7 ReportItems, all severity="0" (no item with severity > 0)
        assertThat(report.scanner()).isEqualTo(ReportFormat.NESSUS);
        assertThat(report.findings()).hasSize(7);
        assertThat(report.findings()).allMatch(f -> f.severity() == Severity.INFO);
        assertThat(report.findings()).extracting(Finding::scannerId)
                .containsExactly("19506", "54615", "45590", "11936", "12053", "11219", "11219");
        assertThat(report.findings()).allMatch(f -> f.cves().isEmpty());

        assertThat(report.hosts()).hasSize(1);
        ScannedHost host = report.hosts().getFirst();
        assertThat(host.address().ip()).contains("12.233.108.201");
        assertThat(host.address().hostname()).contains("preprod.boardvantage.net");
        assertThat(host.address().mac()).isEmpty();
        assertThat(host.operatingSystem()).contains("CISCO PIX 7.0");
        // ports of the two SYN-scanner items: 443/tcp (svc https?) and 264/tcp
        assertThat(host.openPorts()).extracting(OpenPort::port).containsExactly(443, 264);
        assertThat(host.openPorts().getFirst().service()).contains("https?");

        // HOST_START Tue Jun 25 10:32:42 2013, HOST_END Tue Jun 25 10:39:42 2013 (read as UTC)
        assertThat(report.scanStart()).contains(Instant.parse("2013-06-25T10:32:42Z"));
        assertThat(report.scanEnd()).contains(Instant.parse("2013-06-25T10:39:42Z"));

        Finding syn = report.findings().get(5);
        assertThat(syn.title()).isEqualTo("Nessus SYN scanner");
        assertThat(syn.port()).isEqualTo(443);
        assertThat(syn.protocol()).isEqualTo("tcp");
        assertThat(syn.evidence()).isEqualTo("Port 443/tcp was found to be open");
        assertThat(syn.solution()).isEqualTo("Protect your target with an IP filter.");
        assertThat(syn.description()).startsWith("It is possible to determine which TCP ports are open.\n\n"
                + "This plugin is a SYN 'half-open' port scanner.");
        assertThat(syn.firstSeen()).contains(Instant.parse("2013-06-25T10:32:42Z"));
        Finding cpe = report.findings().get(2);
        assertThat(cpe.references()).containsExactly("http://cpe.mitre.org/");
        // the two SYN-scanner items differ by port, so all 7 fingerprints are distinct
        assertThat(report.findings().stream().map(Finding::fingerprint).distinct()).hasSize(7);
    }

    @Test
    void parsesOpenVasManyVulnSample() {
        var file = SharedSamples.scan("openvas/many_vuln.xml");
        assertThat(ScanReports.detect(file)).isEqualTo(ReportFormat.OPENVAS);
        ScanReport report = ScanReports.parse(file, ReportFormat.OPENVAS);

        // 44 results, severities 10.0 x5, 9.3, 9.0 x2 -> 8 critical; 8.1 x2, 7.5 x8, 7.4 -> 11 high; 25 medium
        assertThat(report.findings()).hasSize(44);
        Map<Severity, Long> bySeverity = report.findings().stream()
                .collect(Collectors.groupingBy(Finding::severity, Collectors.counting()));
        assertThat(bySeverity).containsExactlyInAnyOrderEntriesOf(
                Map.of(Severity.CRITICAL, 8L, Severity.HIGH, 11L, Severity.MEDIUM, 25L));
        // 23 results carry CVE refs, 55 CVE refs in total, 46 distinct CVEs
        assertThat(report.findings().stream().filter(f -> !f.cves().isEmpty())).hasSize(23);
        assertThat(report.findings().stream().mapToInt(f -> f.cves().size()).sum()).isEqualTo(55);
        assertThat(report.findings().stream().flatMap(f -> f.cves().stream()).distinct()).hasSize(46);
        assertThat(report.findings()).allMatch(f -> f.host().ip().equals(Optional.of("192.168.1.1001")));
        assertThat(report.findings()).allMatch(f -> f.host().hostname().equals(Optional.of("b6b9f466d63")));

        Finding phpCgi = report.findings().stream()
                .filter(f -> f.scannerId().equals("1.3.6.1.4.1.25623.1.0.103482")).findFirst().orElseThrow();
        assertThat(phpCgi.title()).isEqualTo("PHP-CGI-based setups vulnerability when parsing query string parameters from php files.");
        assertThat(phpCgi.cves()).containsExactly("CVE-2012-1823", "CVE-2012-2311", "CVE-2012-2336", "CVE-2012-2335");
        assertThat(phpCgi.port()).isEqualTo(80);
        assertThat(phpCgi.protocol()).isEqualTo("tcp");
        assertThat(phpCgi.scannerScore()).contains(7.5);
        assertThat(phpCgi.severity()).isEqualTo(Severity.HIGH);
        assertThat(phpCgi.detectionQuality()).contains(95);
        assertThat(phpCgi.references()).contains("https://bugs.php.net/bug.php?id=61910");

        Finding rexec = report.findings().getFirst();
        assertThat(rexec.scannerId()).isEqualTo("1.3.6.1.4.1.25623.1.0.100111");
        assertThat(rexec.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rexec.port()).isEqualTo(512);
        assertThat(rexec.cves()).containsExactly("CVE-1999-0618");
        assertThat(rexec.evidence()).isEqualTo("The rexec service was detected on the target system.");
        assertThat(rexec.description()).startsWith("This remote host is running a rexec service.");
        assertThat(rexec.solution()).startsWith("Disable the rexec service");
        // the EOL detection result is on general/tcp: no port
        assertThat(report.findings().get(3).port()).isZero();

        // all 44 results have distinct (port, CVEs-or-OID) keys
        assertThat(report.findings().stream().map(Finding::fingerprint).distinct()).hasSize(44);

        assertThat(report.hosts()).hasSize(1);
        ScannedHost host = report.hosts().getFirst();
        assertThat(host.address().key()).isEqualTo("192.168.1.1001");
        // 14 distinct numeric ports (general/tcp excluded)
        assertThat(host.openPorts()).hasSize(14);
        assertThat(report.scanStart()).contains(Instant.parse("2023-09-26T10:50:34Z"));
        assertThat(report.scanEnd()).contains(Instant.parse("2023-09-26T13:04:00Z"));
    }

    @Test
    void parsesOpenVasOneVulnSample() {
        ScanReport report = ScanReports.parse(SharedSamples.scan("openvas/one_vuln.xml"), ReportFormat.OPENVAS);
        assertThat(report.findings()).hasSize(1);
        Finding firefox = report.findings().getFirst();
        assertThat(firefox.scannerId()).isEqualTo("1.3.6.1.4.1.25623.1.0.832260");
        assertThat(firefox.title()).isEqualTo("Mozilla Firefox Security Update (mfsa_2023-32_2023-36) - Windows");
        assertThat(firefox.cves()).containsExactly("CVE-2023-4573", "CVE-2023-4574", "CVE-2023-4575",
                "CVE-2023-4576", "CVE-2023-4577", "CVE-2023-4578", "CVE-2023-4579", "CVE-2023-4580",
                "CVE-2023-4581", "CVE-2023-4585", "CVE-2023-4583", "CVE-2023-4584");
        assertThat(firefox.references())
                .containsExactly("https://www.mozilla.org/en-US/security/advisories/mfsa2023-34/");
        assertThat(firefox.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(firefox.detectionQuality()).contains(97);
        assertThat(firefox.host().ip()).contains("10.0.101.2");
        assertThat(firefox.solution()).startsWith("Upgrade to version 117 or later");
        assertThat(firefox.evidence()).startsWith("Installed version: 116.0.3");
        assertThat(report.scanStart()).contains(Instant.parse("2023-09-28T14:48:02Z"));
        assertThat(report.scanEnd()).contains(Instant.parse("2023-09-28T16:12:15Z"));
    }

    @Test
    void parsesNucleiSample() {
        var file = SharedSamples.scan("nuclei/many_findings.json");
        assertThat(ScanReports.detect(file)).isEqualTo(ReportFormat.NUCLEI);
        ScanReport report = ScanReports.parse(file, ReportFormat.NUCLEI);
        // 18 JSON lines: 16 info, 1 low, 1 medium
        assertThat(report.findings()).hasSize(18);
        Map<Severity, Long> bySeverity = report.findings().stream()
                .collect(Collectors.groupingBy(Finding::severity, Collectors.counting()));
        assertThat(bySeverity).containsExactlyInAnyOrderEntriesOf(
                Map.of(Severity.INFO, 16L, Severity.LOW, 1L, Severity.MEDIUM, 1L));

        Finding openssh = report.findings().getFirst();
        assertThat(openssh.scannerId()).isEqualTo("openssh5.3-detect");
        assertThat(openssh.title()).isEqualTo("OpenSSH 5.3 Detection");
        assertThat(openssh.severity()).isEqualTo(Severity.LOW);
        assertThat(openssh.host().ip()).contains("178.21.15.56");
        assertThat(openssh.host().hostname()).contains("nuclei-example.com");
        assertThat(openssh.port()).isEqualTo(22);
        assertThat(openssh.references()).containsExactly("http://seclists.org/fulldisclosure/2016/Jul/51",
                "https://security-tracker.debian.org/tracker/CVE-2016-6210",
                "http://openwall.com/lists/oss-security/2016/08/01/2");
        assertThat(openssh.firstSeen()).contains(Instant.parse("2021-05-20T08:11:01.667748Z"));

        Finding nginx = report.findings().get(1);
        assertThat(nginx.evidence()).isEqualTo("nginx/1.14.2");
        assertThat(nginx.port()).isEqualTo(443);
        assertThat(nginx.service()).contains("https");

        Finding phpMyAdmin = report.findings().get(2);
        assertThat(phpMyAdmin.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(phpMyAdmin.location()).contains("https://nuclei-example.com/phpmyadmin/setup/index.php");
        assertThat(phpMyAdmin.references()).containsExactly("https://hackerone.com/reports/297339");

        Finding bootstrap = report.findings().get(4);
        assertThat(bootstrap.scannerId()).isEqualTo("tech-detect:bootstrap");
        assertThat(bootstrap.host().ip()).contains("127.0.0.1");
        assertThat(bootstrap.host().hostname()).isEmpty();
        assertThat(bootstrap.port()).isEqualTo(8080);

        // two hosts: nuclei-example.com (178.21.15.56) and 127.0.0.1
        assertThat(report.hosts()).extracting(h -> h.address().key()).containsExactly("178.21.15.56", "127.0.0.1");
        assertThat(report.findings().stream().map(Finding::fingerprint).distinct()).hasSize(18);
    }

    @Test
    void parsesNmapVulnersSample() {
        var file = SharedSamples.scan("nmap/nmap_script_vulners.xml");
        assertThat(ScanReports.detect(file)).isEqualTo(ReportFormat.NMAP);
        ScanReport report = ScanReports.parse(file, ReportFormat.NMAP);
        assertThat(report.findings()).hasSize(2);
        Map<String, Finding> byCve = report.findings().stream()
                .collect(Collectors.toMap(f -> f.cves().getFirst(), Function.identity()));
        assertThat(byCve).containsOnlyKeys("CVE-2018-15919", "CVE-2017-15906");
        Finding finding = byCve.get("CVE-2018-15919");
        assertThat(finding.scannerScore()).contains(5.0);
        assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(finding.port()).isEqualTo(5022);
        assertThat(finding.service()).contains("ssh");
        assertThat(finding.title()).isEqualTo("CVE-2018-15919 in OpenSSH 7.4");
        assertThat(finding.host().ip()).contains("192.168.0.1");
        assertThat(finding.references()).containsExactly("https://vulners.com/cve/CVE-2018-15919");

        ScannedHost host = report.hosts().getFirst();
        OpenPort ssh = host.openPorts().getFirst();
        assertThat(ssh.port()).isEqualTo(5022);
        assertThat(ssh.product()).contains("OpenSSH");
        assertThat(ssh.version()).contains("7.4");
        assertThat(ssh.cpes()).containsExactly("cpe:/a:openbsd:openssh:7.4");
        // start="1581930445", runstats finished time="1581930455"
        assertThat(report.scanStart()).contains(Instant.ofEpochSecond(1581930445L));
        assertThat(report.scanEnd()).contains(Instant.ofEpochSecond(1581930455L));
    }

    @Test
    void parsesNmapPortSamples() {
        ScanReport one = ScanReports.parse(SharedSamples.scan("nmap/nmap_1port.xml"), ReportFormat.NMAP);
        assertThat(one.findings()).isEmpty();
        assertThat(one.hosts()).hasSize(1);
        ScannedHost localhost = one.hosts().getFirst();
        assertThat(localhost.address().ip()).contains("127.0.0.1");
        assertThat(localhost.address().hostname()).contains("localhost.localdomain");
        assertThat(localhost.openPorts()).extracting(OpenPort::port).containsExactly(5432);
        assertThat(localhost.openPorts().getFirst().service()).contains("postgresql");

        ScanReport many = ScanReports.parse(SharedSamples.scan("nmap/nmap_multiple_port.xml"), ReportFormat.NMAP);
        ScannedHost host = many.hosts().getFirst();
        assertThat(host.address().ip()).contains("198.38.82.159");
        assertThat(host.address().hostname()).contains("joaquinlp.me");
        assertThat(host.openPorts()).extracting(OpenPort::port)
                .containsExactly(21, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995, 2525, 3306);
        assertThat(host.openPorts()).extracting(p -> p.service().orElseThrow())
                .containsExactly("ftp", "smtp", "domain", "http", "pop3", "imap", "https", "smtps", "submission",
                        "imaps", "pop3s", "ms-v-worlds", "mysql");
        assertThat(List.of(one, many)).allMatch(r -> r.scanner() == ReportFormat.NMAP);
    }
}
