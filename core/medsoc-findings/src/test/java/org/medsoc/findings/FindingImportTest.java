package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.findings.Reports.finding;
import static org.medsoc.findings.Reports.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.vuln.ReimportScope;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScanReport;
import org.medsoc.vuln.Severity;

class FindingImportTest extends LedgerFixture {
    static final Instant SCAN1 = T0.minus(Duration.ofHours(2));
    static final Instant SCAN2 = T0.plus(Duration.ofDays(3));
    static final Instant SCAN3 = T0.plus(Duration.ofDays(6));

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void firstImportCreatesOpenFindingsWithFirstSeenAndDeadline(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        ImportResult r = importScanned(ledger, A, report(SCAN1, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.CRITICAL),
                finding("10.0.0.1", 22, "CVE-2024-0002", Severity.LOW),
                finding("10.0.0.2", 80, "nessus-12345", Severity.INFO),
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.CRITICAL))));

        assertThat(r.findings()).isEqualTo(3);
        assertThat(r.created()).isEqualTo(3);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.seenAgain() + r.reopened() + r.fixed()).isZero();
        TrackedFinding critical = byCve(ledger, A, "CVE-2024-0001");
        assertThat(critical.state()).isEqualTo(FindingState.OPEN);
        assertThat(critical.firstSeen()).isEqualTo(SCAN1);
        assertThat(critical.lastSeen()).isEqualTo(SCAN1);
        assertThat(critical.dueAt()).contains(SCAN1.plus(Duration.ofDays(7)));
        assertThat(critical.hostKey()).isEqualTo("10.0.0.1");
        assertThat(critical.ip()).contains("10.0.0.1");
        assertThat(critical.port()).isEqualTo(443);
        assertThat(critical.version()).isEqualTo(1);
        assertThat(byCve(ledger, A, "CVE-2024-0002").dueAt()).contains(SCAN1.plus(Duration.ofDays(120)));
        TrackedFinding info = ledger.list(A, FindingQuery.builder().text("nessus-12345").build()).items().get(0);
        assertThat(info.dueAt()).isEmpty();
        assertThat(ledger.history(A, critical.id())).extracting(HistoryEntry::action).containsExactly("CREATED");

        List<ImportRecord> imports = ledger.imports(A);
        assertThat(imports).hasSize(1);
        ImportRecord rec = imports.get(0);
        assertThat(rec.sourceName()).isEqualTo("scan.nessus");
        assertThat(rec.actor()).isEqualTo(LI);
        assertThat(rec.importedAt()).isEqualTo(T0);
        assertThat(rec.scanStartedAt()).contains(SCAN1);
        assertThat(rec.hosts()).isEqualTo(2);
        assertThat(rec.result()).isEqualTo(r);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void reimportUpdatesLastSeenClosesAbsentAndReopensReturning(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        importScanned(ledger, A, report(SCAN1, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH),
                finding("10.0.0.1", 22, "CVE-2024-0002", Severity.MEDIUM),
                finding("10.0.0.9", 80, "CVE-2024-0009", Severity.MEDIUM))));

        clock.set(SCAN2);
        ImportResult second = importScanned(ledger, A, report(SCAN2, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        assertThat(second.seenAgain()).isEqualTo(1);
        assertThat(second.fixed()).isEqualTo(1);
        assertThat(second.created()).isZero();
        TrackedFinding kept = byCve(ledger, A, "CVE-2024-0001");
        assertThat(kept.state()).isEqualTo(FindingState.OPEN);
        assertThat(kept.firstSeen()).isEqualTo(SCAN1);
        assertThat(kept.lastSeen()).isEqualTo(SCAN2);
        TrackedFinding fixed = byCve(ledger, A, "CVE-2024-0002");
        assertThat(fixed.state()).isEqualTo(FindingState.FIXED);
        assertThat(fixed.retest()).isEqualTo(RetestState.VERIFIED_FIXED);
        assertThat(fixed.closedAt()).contains(SCAN2);
        assertThat(byCve(ledger, A, "CVE-2024-0009").state())
                .as("a host the second scan did not reach is left alone").isEqualTo(FindingState.OPEN);

        clock.set(SCAN3);
        ImportResult third = importScanned(ledger, A, report(SCAN3, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH),
                finding("10.0.0.1", 22, "CVE-2024-0002", Severity.MEDIUM))));
        assertThat(third.reopened()).isEqualTo(1);
        TrackedFinding back = byCve(ledger, A, "CVE-2024-0002");
        assertThat(back.state()).isEqualTo(FindingState.REOPENED);
        assertThat(back.reopenCount()).isEqualTo(1);
        assertThat(back.closedAt()).isEmpty();
        assertThat(back.lastSeen()).isEqualTo(SCAN3);
        assertThat(back.dueAt()).as("a reopened finding keeps its deadline").contains(SCAN1.plus(Duration.ofDays(90)));
        assertThat(ledger.history(A, back.id())).extracting(HistoryEntry::action)
                .containsExactly("CREATED", "FIXED", "REOPENED");

        clock.set(SCAN3.plus(Duration.ofDays(1)));
        importScanned(ledger, A, report(SCAN3.plus(Duration.ofDays(1)), List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        clock.set(SCAN3.plus(Duration.ofDays(2)));
        importScanned(ledger, A, report(SCAN3.plus(Duration.ofDays(2)), List.of(
                finding("10.0.0.1", 22, "CVE-2024-0002", Severity.MEDIUM),
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        assertThat(byCve(ledger, A, "CVE-2024-0002").reopenCount()).isEqualTo(2);
        assertThat(ledger.imports(A)).hasSize(5);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void deduplicatesTheSameCveOnTheSamePortAcrossScanners(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        importScanned(ledger, A, report(SCAN1, List.of(
                finding(ReportFormat.NESSUS, "10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        clock.set(SCAN2);
        ImportResult r = importScanned(ledger, A, report(SCAN2, List.of(
                finding(ReportFormat.OPENVAS, "10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        assertThat(r.created()).isZero();
        assertThat(r.seenAgain()).isEqualTo(1);
        TrackedFinding f = byCve(ledger, A, "CVE-2024-0001");
        assertThat(f.scanner()).as("the first scanner stays recorded").isEqualTo(ReportFormat.NESSUS);
        assertThat(f.lastSeen()).isEqualTo(SCAN2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void explicitScopeClosesOnlyOnListedHosts(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        importScanned(ledger, A, report(SCAN1, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH),
                finding("10.0.0.2", 443, "CVE-2024-0002", Severity.HIGH),
                finding("10.0.0.3", 443, "CVE-2024-0003", Severity.HIGH))));
        clock.set(SCAN2);
        ImportResult r = ledger.importReport(A, report(SCAN2, List.of()), ReimportScope.hosts(Set.of("10.0.0.2")),
                ZHANG, "targets.nessus");
        assertThat(r.fixed()).isEqualTo(1);
        assertThat(byCve(ledger, A, "CVE-2024-0001").state()).isEqualTo(FindingState.OPEN);
        assertThat(byCve(ledger, A, "CVE-2024-0002").state()).isEqualTo(FindingState.FIXED);
        assertThat(byCve(ledger, A, "CVE-2024-0003").state()).isEqualTo(FindingState.OPEN);

        ImportResult clean = importScanned(ledger, A, report(SCAN2, List.of(), "10.0.0.3"));
        assertThat(clean.fixed()).as("a host reached with nothing found closes its findings").isEqualTo(1);
        assertThat(byCve(ledger, A, "CVE-2024-0003").state()).isEqualTo(FindingState.FIXED);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void acceptedFindingsStayAcceptedAndFalsePositivesAreNeverClosed(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        importScanned(ledger, A, report(SCAN1, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH),
                finding("10.0.0.1", 80, "CVE-2024-0002", Severity.HIGH))));
        TrackedFinding a = byCve(ledger, A, "CVE-2024-0001");
        ledger.accept(A, a.id(), a.version(), new RiskAcceptance("vendor-locked PACS workstation", "王主任",
                T0.plus(Duration.ofDays(90))), LI);
        TrackedFinding fp = byCve(ledger, A, "CVE-2024-0002");
        ledger.markFalsePositive(A, fp.id(), fp.version(), "banner only, patched backport", LI);

        clock.set(SCAN2);
        importScanned(ledger, A, report(SCAN2, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH),
                finding("10.0.0.1", 80, "CVE-2024-0002", Severity.HIGH))));
        TrackedFinding accepted = byCve(ledger, A, "CVE-2024-0001");
        assertThat(accepted.state()).isEqualTo(FindingState.ACCEPTED);
        assertThat(accepted.lastSeen()).isEqualTo(SCAN2);
        assertThat(byCve(ledger, A, "CVE-2024-0002").state()).isEqualTo(FindingState.FALSE_POSITIVE);

        clock.set(SCAN3);
        ImportResult gone = importScanned(ledger, A, report(SCAN3, List.of(), "10.0.0.1"));
        assertThat(gone.fixed()).isEqualTo(1);
        assertThat(byCve(ledger, A, "CVE-2024-0001").state()).as("an accepted risk that vanished is fixed")
                .isEqualTo(FindingState.FIXED);
        assertThat(byCve(ledger, A, "CVE-2024-0002").state()).isEqualTo(FindingState.FALSE_POSITIVE);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anImportFailingMidwayLeavesNothing(Dialect dialect) {
        int[] batches = {0};
        FindingLedger ledger = open(dialect, written -> {
            if (++batches[0] == 2) {
                throw new MedsocException(StandardErrorCode.GENERIC_INTERNAL_ERROR, "disk full (simulated)");
            }
        });
        importScanned(ledger, A, report(SCAN1, List.of(finding("10.9.9.9", 443, "CVE-2024-0001", Severity.HIGH))));
        clock.set(SCAN2);
        ScanReport big = Reports.large(SCAN2, 30, 100);
        assertFails(StandardErrorCode.GENERIC_INTERNAL_ERROR, () -> importScanned(ledger, A, big))
                .hasMessageContaining("disk full");
        assertThat(batches[0]).isEqualTo(2);
        assertThat(ledger.counts(A).total()).as("only the first import's finding").isEqualTo(1);
        assertThat(ledger.imports(A)).hasSize(1);
        assertThat(ledger.list(A, FindingQuery.builder().cve("CVE-2024-10000").build()).total()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tenantsNeverSeeOrCloseEachOthersFindings(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        importScanned(ledger, A, report(SCAN1, List.of(finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        importScanned(ledger, B, report(SCAN1, List.of(finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        TrackedFinding ofA = byCve(ledger, A, "CVE-2024-0001");
        TrackedFinding ofB = byCve(ledger, B, "CVE-2024-0001");
        assertThat(ofA.id()).isNotEqualTo(ofB.id());
        assertThat(ofA.fingerprint()).isEqualTo(ofB.fingerprint());

        clock.set(SCAN2);
        importScanned(ledger, B, report(SCAN2, List.of(), "10.0.0.1"));
        assertThat(byCve(ledger, B, "CVE-2024-0001").state()).isEqualTo(FindingState.FIXED);
        assertThat(byCve(ledger, A, "CVE-2024-0001").state()).isEqualTo(FindingState.OPEN);
        assertThat(ledger.find(B, ofA.id())).isEmpty();
        assertFails(FindingsErrorCode.FINDING_NOT_FOUND, () -> ledger.markFixed(B, ofA.id(), ofA.version(), LI));
        assertThat(ledger.imports(A)).hasSize(1);
        assertThat(ledger.history(B, ofA.id())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void importsFiftyThousandFindingsThenReimportsThem(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        ScanReport big = Reports.large(SCAN1, 500, 100);
        assertThat(big.findings()).hasSize(50_000);
        ImportResult first = importScanned(ledger, A, big);
        assertThat(first.created()).isEqualTo(50_000);
        FindingCounts counts = ledger.counts(A);
        assertThat(counts.total()).isEqualTo(50_000);
        for (Severity s : Severity.values()) {
            assertThat(counts.count(s, FindingState.OPEN)).isEqualTo(10_000);
        }

        clock.set(SCAN2);
        ScanReport second = Reports.large(SCAN2, 500, 90);
        ImportResult r = importScanned(ledger, A, second);
        assertThat(r.seenAgain()).isEqualTo(45_000);
        assertThat(r.fixed()).isEqualTo(5_000);
        assertThat(r.created()).isZero();
        assertThat(ledger.counts(A).inState(FindingState.FIXED)).isEqualTo(5_000);
        assertThat(ledger.list(A, FindingQuery.builder().cve("CVE-2024-10095").build()).items())
                .hasSize(100).allSatisfy(f -> assertThat(f.state()).isEqualTo(FindingState.FIXED));
    }
}
