package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.findings.Reports.finding;
import static org.medsoc.findings.Reports.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.vuln.Severity;

class FindingQueryTest extends LedgerFixture {

    private FindingLedger seeded(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        importScanned(ledger, A, report(T0, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.CRITICAL),
                finding("10.0.0.1", 22, "CVE-2024-0002", Severity.HIGH),
                finding("10.0.0.2", 80, "CVE-2024-0003", Severity.HIGH),
                finding("10.0.0.2", 8080, "CVE-2024-0004", Severity.MEDIUM),
                Reports.titled("10.0.0.3", 3389, "rdp-100", "=HYPERLINK(\"http://evil\",\"点我\")",
                        "升级到 \"最新\" 版本, 然后重启\n第二行"),
                Reports.titled("10.0.0.3", 139, "smb-100", "-2+3", "@SUM(A1:A2)"))));
        return ledger;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void filtersBySeverityStateHostCveAndText(Dialect dialect) {
        FindingLedger ledger = seeded(dialect);
        assertThat(ledger.list(A, FindingQuery.builder().severities(Severity.HIGH).build()).total()).isEqualTo(4);
        assertThat(ledger.list(A, FindingQuery.builder().host("10.0.0.2").build()).items())
                .extracting(TrackedFinding::port).containsExactlyInAnyOrder(80, 8080);
        assertThat(ledger.list(A, FindingQuery.builder().cve("cve-2024-0004").build()).items())
                .extracting(TrackedFinding::port).containsExactly(8080);
        assertThat(ledger.list(A, FindingQuery.builder().text("HYPERLINK").build()).items())
                .extracting(TrackedFinding::port).containsExactly(3389);
        assertThat(ledger.list(A, FindingQuery.builder().text("100%").build()).total())
                .as("LIKE wildcards in the text are literal").isZero();
        assertThat(ledger.list(A, FindingQuery.builder().text("rdp-1").build()).total()).isEqualTo(1);

        TrackedFinding f = byCve(ledger, A, "CVE-2024-0002");
        ledger.markFalsePositive(A, f.id(), f.version(), "closed port", LI);
        assertThat(ledger.list(A, FindingQuery.builder().states(FindingState.OPEN)
                .severities(Severity.HIGH, Severity.CRITICAL).build()).items())
                .extracting(TrackedFinding::port).containsExactlyInAnyOrder(443, 80, 3389, 139);
        assertThat(ledger.list(B, FindingQuery.all()).total()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void sortsAndPages(Dialect dialect) {
        FindingLedger ledger = seeded(dialect);
        List<Integer> ports = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 4) {
            Page<TrackedFinding> page = ledger.list(A, FindingQuery.builder().sort(FindingSort.HOST, false)
                    .page(offset, 4).build());
            assertThat(page.total()).isEqualTo(6);
            page.items().forEach(f -> ports.add(f.port()));
        }
        assertThat(ports).containsExactly(22, 443, 80, 8080, 139, 3389);
        assertThat(ledger.list(A, FindingQuery.all()).items().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(ledger.list(A, FindingQuery.builder().sort(FindingSort.SEVERITY, true).build()).items().get(0)
                .severity()).isEqualTo(Severity.MEDIUM);
        assertFails(FindingsErrorCode.INVALID_FILTER, () -> FindingSort.of("title; DROP TABLE x"))
                .hasMessageContaining("severity, due, first_seen");
        assertFails(FindingsErrorCode.INVALID_FILTER, () -> FindingQuery.builder().page(0, 5000).build());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void countsPerSeverityAndState(Dialect dialect) {
        FindingLedger ledger = seeded(dialect);
        TrackedFinding f = byCve(ledger, A, "CVE-2024-0003");
        ledger.planRemediation(A, f.id(), f.version(), new RemediationPlan("o", "a", T0.plus(Duration.ofDays(1))),
                LI);
        FindingCounts counts = ledger.counts(A);
        assertThat(counts.count(Severity.CRITICAL, FindingState.OPEN)).isEqualTo(1);
        assertThat(counts.count(Severity.HIGH, FindingState.OPEN)).isEqualTo(3);
        assertThat(counts.count(Severity.HIGH, FindingState.IN_PROGRESS)).isEqualTo(1);
        assertThat(counts.active(Severity.HIGH)).isEqualTo(4);
        assertThat(counts.count(Severity.LOW, FindingState.FIXED)).isZero();
        assertThat(counts.total()).isEqualTo(6);
        assertThat(ledger.counts(B).total()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void ledgerCsvHasBomQuotesAndNeutralisedFormulas(Dialect dialect) {
        FindingLedger ledger = seeded(dialect);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rows = ledger.exportLedgerCsv(A, FindingQuery.builder().sort(FindingSort.HOST, false).build(),
                CsvLanguage.CHINESE, out);
        assertThat(rows).isEqualTo(6);
        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<List<String>> table = CsvReader.parse(text);
        assertThat(table).hasSize(7);
        List<String> header = table.get(0);
        assertThat(header).startsWith("编号", "主机", "IP");
        int title = header.indexOf("漏洞名称");
        int solution = header.indexOf("修复建议");
        int kev = header.indexOf("已知被利用");
        List<String> rdp = table.stream().filter(r -> r.get(4).equals("3389")).findFirst().orElseThrow();
        assertThat(rdp.get(title)).isEqualTo("'=HYPERLINK(\"http://evil\",\"点我\")");
        assertThat(rdp.get(solution)).isEqualTo("升级到 \"最新\" 版本, 然后重启\n第二行");
        assertThat(rdp.get(kev)).isEqualTo("否");
        List<String> smb = table.stream().filter(r -> r.get(4).equals("139")).findFirst().orElseThrow();
        assertThat(smb.get(title)).isEqualTo("'-2+3");
        assertThat(smb.get(solution)).isEqualTo("'@SUM(A1:A2)");
        for (List<String> row : table) {
            assertThat(row).hasSize(header.size());
            for (String cell : row) {
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                        .doesNotStartWith("@");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void remediationCsvListsThePlanTable(Dialect dialect) {
        FindingLedger ledger = seeded(dialect);
        TrackedFinding f = byCve(ledger, A, "CVE-2024-0001");
        ledger.planRemediation(A, f.id(), f.version(), new RemediationPlan("=cmd|' /C calc'!A0", "打补丁, 重启",
                T0.plus(Duration.ofDays(2))), LI);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rows = ledger.exportRemediationCsv(A, FindingQuery.builder().states(FindingState.IN_PROGRESS).build(),
                CsvLanguage.ENGLISH, out);
        assertThat(rows).isEqualTo(1);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFid,host,port,title,severity,cves,state,due,overdue,owner,planned_action,"
                + "planned_due,retest\r\n");
        List<List<String>> table = CsvReader.parse(text.substring(1));
        assertThat(table).hasSize(2);
        assertThat(table.get(1)).containsExactly(Long.toString(f.id()), "10.0.0.1", "443", "Weakness CVE-2024-0001",
                "CRITICAL", "CVE-2024-0001", "IN_PROGRESS", T0.plus(Duration.ofDays(7)).toString(), "no",
                "'=cmd|' /C calc'!A0", "打补丁, 重启", T0.plus(Duration.ofDays(2)).toString(), "NONE");
    }

    @Test
    void csvCellsQuoteOnlyWhenNeeded() {
        assertThat(Csv.cell("plain")).isEqualTo("plain");
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("+1")).isEqualTo("'+1");
        assertThat(Csv.cell("\tx")).isEqualTo("'\tx");
        assertThat(Csv.cell("")).isEmpty();
    }
}
