package org.medsoc.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.MedsocException;

class HostileInputTest {
    @TempDir
    Path temp;

    private static ErrorCode code(VulnErrorCode code) {
        return code.toErrorCode();
    }

    @Test
    void rejectsEntityExpansionBomb() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("billion-laughs.nessus"), ReportFormat.NESSUS))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.FORBIDDEN_XML_CONSTRUCT)))
                .hasMessageContaining("billion-laughs.nessus:")
                .hasMessageContaining("DOCTYPE with an internal subset");
    }

    @Test
    void rejectsExternalEntityDoctype() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("external-entity.xml"), ReportFormat.OPENVAS))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.FORBIDDEN_XML_CONSTRUCT)))
                .hasMessageContaining("external DTD is refused");
    }

    @Test
    void rejectsUndeclaredEntityReference() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("undeclared-entity.nessus"), ReportFormat.NESSUS))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isIn(code(VulnErrorCode.MALFORMED_REPORT), code(VulnErrorCode.FORBIDDEN_XML_CONSTRUCT)))
                .hasMessageContaining("undeclared-entity.nessus:3:")
                .hasMessageContaining("xxe");
    }

    @Test
    void rejectsTruncatedXmlWithPosition() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("truncated.nessus"), ReportFormat.NESSUS))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.MALFORMED_REPORT)))
                .hasMessageMatching("(?s).*truncated\\.nessus:\\d+:\\d+: malformed XML: .*");
    }

    @Test
    void rejectsTruncatedJsonWithPosition() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("truncated-nuclei.json"), ReportFormat.NUCLEI))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.MALFORMED_REPORT)))
                .hasMessageMatching("(?s).*truncated-nuclei\\.json:2:\\d+: malformed JSON: .*");
    }

    @Test
    void rejectsTextNodeOverLimit() throws IOException {
        Path file = temp.resolve("huge-text.nessus");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<NessusClientData_v2><Report name=\"x\"><ReportHost name=\"10.0.0.1\">"
                    + "<ReportItem port=\"0\" protocol=\"tcp\" severity=\"0\" pluginID=\"1\" pluginName=\"n\">"
                    + "<plugin_output>");
            char[] chunk = new char[8192];
            java.util.Arrays.fill(chunk, 'A');
            for (int i = 0; i < 160; i++) { // 1.25 MiB of text
                out.write(chunk);
            }
            out.write("</plugin_output></ReportItem></ReportHost></Report></NessusClientData_v2>");
        }
        assertThatThrownBy(() -> ScanReports.parse(file, ReportFormat.NESSUS))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.REPORT_TOO_LARGE)))
                .hasMessageContaining("in /NessusClientData_v2/Report/ReportHost/ReportItem/plugin_output")
                .hasMessageContaining("text is longer than the limit of 1048576 chars");
        // the same file parses with a raised limit, evidence then bounded
        ScanReport report = ScanReports.parse(file, ReportFormat.NESSUS,
                ParseLimits.DEFAULTS.withMaxTextLength(2 << 20));
        assertThat(report.findings().getFirst().evidence())
                .hasSize(ParseLimits.DEFAULTS.maxEvidenceLength() + "\n[... truncated by medsoc]".length());
    }

    @Test
    void rejectsAttributeOverLimit() throws IOException {
        Path file = temp.resolve("huge-attribute.xml");
        Files.writeString(file, "<nmaprun><host><address addr=\"" + "1".repeat(5000) + "\"/></host></nmaprun>");
        assertThatThrownBy(() -> ScanReports.parse(file, ReportFormat.NMAP,
                        ParseLimits.DEFAULTS.withMaxTextLength(4096)))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.REPORT_TOO_LARGE)))
                .hasMessageContaining("attribute 'addr' is longer than the limit of 4096");
    }

    @Test
    void rejectsJsonStringOverLimit() throws IOException {
        Path file = temp.resolve("huge.jsonl");
        Files.writeString(file, "{\"template-id\":\"t\",\"info\":{\"name\":\"" + "x".repeat(5000)
                + "\",\"severity\":\"low\"},\"host\":\"h\"}");
        assertThatThrownBy(() -> ScanReports.parse(file, ReportFormat.NUCLEI,
                        ParseLimits.DEFAULTS.withMaxTextLength(4096)))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.REPORT_TOO_LARGE)))
                .hasMessageContaining("huge.jsonl:1:");
    }

    @Test
    void rejectsDeepNesting() throws IOException {
        Path file = temp.resolve("deep.xml");
        Files.writeString(file, "<report>" + "<a>".repeat(100) + "</a>".repeat(100) + "</report>");
        assertThatThrownBy(() -> ScanReports.parse(file, ReportFormat.OPENVAS))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.REPORT_TOO_LARGE)))
                .hasMessageContaining("nest deeper than the limit of 64");
        Path json = temp.resolve("deep.json");
        Files.writeString(json, "[{\"template-id\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}]");
        assertThatThrownBy(() -> ScanReports.parse(json, ReportFormat.NUCLEI))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.REPORT_TOO_LARGE)))
                .hasMessageContaining("deep.json:1:")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void rejectsMoreFindingsThanLimit() {
        assertThat(ScanReports.parse(TestReports.path("three-items.nessus"), ReportFormat.NESSUS,
                        ParseLimits.DEFAULTS.withMaxFindings(3)).findings())
                .hasSize(3);
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("three-items.nessus"), ReportFormat.NESSUS,
                        ParseLimits.DEFAULTS.withMaxFindings(2)))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.REPORT_TOO_LARGE)))
                .hasMessageContaining("more than 2 findings");
    }

    @Test
    void rejectsReportOverByteLimitWhileParsing() throws IOException {
        Path file = temp.resolve("big.nessus");
        LargeNessusReportTest.write(file, 2, 200); // about 190 KB, beyond the 64 KiB prolog sniffing
        assertThatThrownBy(() -> ScanReports.parse(file, ReportFormat.NESSUS,
                        ParseLimits.DEFAULTS.withMaxReportBytes(100_000)))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.REPORT_TOO_LARGE)))
                .hasMessageContaining("larger than the limit of 100000 bytes");
    }

    @Test
    void leavesCallerStreamOpen() throws IOException {
        byte[] json = Files.readAllBytes(TestReports.path("nuclei-array.json"));
        var in = new java.io.ByteArrayInputStream(json) {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        assertThat(ScanReports.parse(in, ReportFormat.NUCLEI).findings()).hasSize(1);
        assertThat(in.closed).isFalse();
    }

    @Test
    void rejectsInvalidUtf8WithReason() throws IOException {
        Path file = temp.resolve("latin1.nessus");
        Files.write(file, "<NessusClientData_v2><Report name=\"\u00e9\"/></NessusClientData_v2>"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ScanReports.parse(file, ReportFormat.NESSUS))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.MALFORMED_REPORT)))
                .hasMessageContaining("invalid byte sequence for the report's encoding");
        // the same bytes declared as ISO-8859-1 are fine
        Files.write(file, ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                        + "<NessusClientData_v2><Report name=\"\u00e9\"/></NessusClientData_v2>")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ScanReports.parse(file, ReportFormat.NESSUS).findings()).isEmpty();
    }

    @Test
    void rejectsReportOverByteLimit() {
        assertThatThrownBy(() -> ScanReports.parse(TestReports.path("rich.nessus"), ReportFormat.NESSUS,
                        ParseLimits.DEFAULTS.withMaxReportBytes(1000)))
                .isInstanceOfSatisfying(MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code(VulnErrorCode.REPORT_TOO_LARGE)))
                .hasMessageContaining("larger than the limit of 1000 bytes");
    }
}
