package org.medsoc.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark hook: writes a 50,000-finding Nessus report and parses it. Only correctness is asserted; the lead can
 * time {@link #parsesFiftyThousandFindings()} or call {@link #write(Path, int, int)} from a benchmark.
 */
class LargeNessusReportTest {
    static final int HOSTS = 500;
    static final int ITEMS_PER_HOST = 100;

    @TempDir
    Path temp;

    /** Writes a Nessus v2 report with {@code hosts} hosts of {@code itemsPerHost} findings each. */
    static void write(Path file, int hosts, int itemsPerHost) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" ?>\n<NessusClientData_v2>\n<Report name=\"generated\">\n");
            for (int h = 0; h < hosts; h++) {
                String ip = "10." + (h >> 16 & 255) + "." + (h >> 8 & 255) + "." + (h & 255);
                out.write("<ReportHost name=\"" + ip + "\"><HostProperties>\n<tag name=\"host-ip\">" + ip
                        + "</tag>\n<tag name=\"HOST_START_TIMESTAMP\">1700000000</tag>\n"
                        + "<tag name=\"operating-system\">Linux</tag>\n</HostProperties>\n");
                for (int i = 0; i < itemsPerHost; i++) {
                    int port = 1 + (i % 1000);
                    out.write("<ReportItem port=\"" + port + "\" svc_name=\"www\" protocol=\"tcp\" severity=\""
                            + (i % 5) + "\" pluginID=\"" + (10_000 + i) + "\" pluginName=\"Generated plugin " + i
                            + "\">\n<cve>CVE-2024-" + (10_000 + i) + "</cve>\n"
                            + "<cvss3_vector>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</cvss3_vector>\n"
                            + "<cvss3_base_score>9.8</cvss3_base_score>\n"
                            + "<description>Generated description of item " + i + " on " + ip + ".</description>\n"
                            + "<solution>Upgrade.</solution>\n<plugin_output>output " + i + "</plugin_output>\n"
                            + "</ReportItem>\n");
                }
                out.write("</ReportHost>\n");
            }
            out.write("</Report>\n</NessusClientData_v2>\n");
        }
    }

    @Test
    void parsesFiftyThousandFindings() throws IOException {
        Path file = temp.resolve("large.nessus");
        write(file, HOSTS, ITEMS_PER_HOST);
        ScanReport report = ScanReports.parse(file);
        assertThat(report.findings()).hasSize(50_000);
        assertThat(report.hosts()).hasSize(HOSTS);
        assertThat(report.findings().stream().filter(f -> f.severity() == Severity.CRITICAL)).hasSize(10_000);
        Finding last = report.findings().getLast();
        assertThat(last.host().ip()).contains("10.0.1.243");
        assertThat(last.cves()).containsExactly("CVE-2024-10099");
        assertThat(last.cvss3()).map(CvssScore::baseScore).contains(9.8);
    }
}
