package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.findings.Reports.finding;
import static org.medsoc.findings.Reports.report;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.vuln.RemediationPolicy;
import org.medsoc.vuln.Severity;

class FindingScoresTest extends LedgerFixture {

    static KevCatalog kev() throws Exception {
        try (InputStream in = FindingScoresTest.class.getResourceAsStream("/findings/kev.json")) {
            return KevCatalog.parse(in);
        }
    }

    static EpssScores epss() throws Exception {
        try (InputStream in = FindingScoresTest.class.getResourceAsStream("/findings/epss.csv")) {
            return EpssScores.parse(in);
        }
    }

    private FindingLedger seeded(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        importScanned(ledger, A, report(T0, List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.MEDIUM),
                finding("10.0.0.1", 445, "CVE-2024-0003", Severity.CRITICAL),
                finding("10.0.0.2", 22, "CVE-2024-0002", Severity.LOW),
                finding("10.0.0.2", 80, "plugin-without-cve", Severity.HIGH))));
        return ledger;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void kevCatalogFlagsFindingsAndCapsTheirDeadline(Dialect dialect) throws Exception {
        FindingLedger ledger = seeded(dialect);
        importScanned(ledger, B, report(T0, List.of(finding("10.0.0.1", 443, "CVE-2024-0001", Severity.MEDIUM))));
        assertThat(ledger.markKnownExploited(A, kev(), LI)).isEqualTo(2);

        TrackedFinding medium = byCve(ledger, A, "CVE-2024-0001");
        assertThat(medium.knownExploited()).isTrue();
        Instant kevEnd = Instant.parse("2026-11-29T00:00:00Z");
        assertThat(medium.kevDue()).contains(kevEnd);
        assertThat(medium.dueAt()).as("KEV due date (end of 2026-11-28) is before first seen + 90 days")
                .contains(kevEnd);
        TrackedFinding critical = byCve(ledger, A, "CVE-2024-0003");
        assertThat(critical.kevDue()).contains(Instant.parse("2026-10-23T00:00:00Z"));
        assertThat(critical.dueAt()).as("a KEV due date already past makes it due at once")
                .contains(Instant.parse("2026-10-23T00:00:00Z"));
        assertThat(critical.overdue()).isTrue();
        assertThat(byCve(ledger, A, "CVE-2024-0002").knownExploited()).isFalse();
        assertThat(byCve(ledger, B, "CVE-2024-0001").knownExploited()).as("other tenant untouched").isFalse();

        assertThat(ledger.list(A, FindingQuery.builder().knownExploitedOnly().build()).total()).isEqualTo(2);
        assertThat(ledger.counts(A).knownExploitedActive()).isEqualTo(2);
        assertThat(ledger.history(A, medium.id())).extracting(HistoryEntry::action)
                .containsExactly("CREATED", "KNOWN_EXPLOITED");

        assertThat(ledger.markKnownExploited(A, Set.of("cve-2024-0002"), LI)).isEqualTo(1);
        TrackedFinding low = byCve(ledger, A, "CVE-2024-0002");
        assertThat(low.knownExploited()).isTrue();
        assertThat(low.kevDue()).isEmpty();
        assertThat(low.dueAt()).contains(T0.plus(Duration.ofDays(120)));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void epssTakesTheHighestScoreOfTheFindingsCves(Dialect dialect) throws Exception {
        FindingLedger ledger = open(dialect);
        org.medsoc.vuln.Finding two = finding("10.0.0.3", 8080, "CVE-2024-0004", Severity.HIGH);
        two = new org.medsoc.vuln.Finding(two.scanner(), two.scannerId(), two.title(), two.severity(),
                List.of("CVE-2024-0004", "CVE-2024-0005"), two.cwes(), two.cvss3(), two.cvss4(), two.scannerScore(),
                two.detectionQuality(), two.host(), two.port(), two.protocol(), two.service(), two.location(),
                two.evidence(), two.description(), two.solution(), two.references(), two.firstSeen(), two.lastSeen());
        importScanned(ledger, A, report(T0, List.of(finding("10.0.0.1", 443, "CVE-2024-0001", Severity.MEDIUM),
                two, finding("10.0.0.1", 80, "CVE-2020-0001", Severity.LOW))));
        EpssScores scores = epss();
        assertThat(scores.modelVersion()).contains("v2025.03.14");
        assertThat(scores.scoreDate()).contains("2026-11-24T12:55:00Z");
        assertThat(scores.scores()).hasSize(5);

        assertThat(ledger.applyEpss(A, scores)).isEqualTo(2);
        assertThat(byCve(ledger, A, "CVE-2024-0001").epss()).contains(new EpssScore(0.94321, 0.99912));
        assertThat(byCve(ledger, A, "CVE-2024-0004").epss()).contains(new EpssScore(0.3, 0.95));
        assertThat(byCve(ledger, A, "CVE-2020-0001").epss()).isEmpty();
        assertThat(ledger.list(A, FindingQuery.builder().sort(FindingSort.EPSS, true).build()).items())
                .extracting(f -> f.cves().get(0)).containsExactly("CVE-2024-0001", "CVE-2024-0004", "CVE-2020-0001");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tenantPolicySetsDeadlinesAndOverdue(Dialect dialect) throws Exception {
        FindingLedger ledger = seeded(dialect);
        assertThat(ledger.policy(A).deadline(Severity.HIGH)).contains(Duration.ofDays(30));
        RemediationPolicy strict = RemediationPolicy.builder().deadline(Severity.CRITICAL, Duration.ofDays(3))
                .deadline(Severity.HIGH, Duration.ofDays(15)).noDeadline(Severity.LOW).build();
        ledger.setPolicy(A, strict, LI);
        assertThat(ledger.policy(A).deadline(Severity.CRITICAL)).contains(Duration.ofDays(3));
        assertThat(ledger.policy(A).deadline(Severity.LOW)).isEmpty();
        assertThat(ledger.policy(B).deadline(Severity.CRITICAL)).contains(Duration.ofDays(7));

        assertThat(byCve(ledger, A, "CVE-2024-0003").dueAt()).contains(T0.plus(Duration.ofDays(3)));
        assertThat(byCve(ledger, A, "CVE-2024-0002").dueAt()).isEmpty();

        clock.set(T0.plus(Duration.ofDays(16)));
        importScanned(ledger, A, report(clock.instant(), List.of(
                finding("10.0.0.9", 443, "CVE-2024-0042", Severity.CRITICAL))));
        assertThat(byCve(ledger, A, "CVE-2024-0042").dueAt()).as("new findings use the tenant policy")
                .contains(clock.instant().plus(Duration.ofDays(3)));
        List<TrackedFinding> overdue = ledger.list(A, FindingQuery.builder().overdueOnly().build()).items();
        assertThat(overdue).extracting(TrackedFinding::title)
                .containsExactly("Weakness CVE-2024-0003", "Weakness plugin-without-cve");
        assertThat(overdue).allSatisfy(f -> assertThat(f.overdue()).isTrue());
        assertThat(ledger.counts(A).overdue()).isEqualTo(2);

        TrackedFinding c = byCve(ledger, A, "CVE-2024-0003");
        ledger.accept(A, c.id(), c.version(), new RiskAcceptance("r", "a", clock.instant().plusSeconds(60)), LI);
        assertThat(ledger.counts(A).overdue()).as("accepted findings are not overdue").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void cvssScoresAreComputedFromTheVectors(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        importScanned(ledger, A, report(T0, List.of(Reports.scored("10.0.0.1", "CVE-2024-0001", Severity.CRITICAL,
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 5.0,
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 1.0))));
        TrackedFinding f = byCve(ledger, A, "CVE-2024-0001");
        assertThat(f.cvss3Vector()).contains("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        assertThat(f.cvss3Score()).as("computed, not the reported 5.0").contains(9.8);
        assertThat(f.cvss4Score()).as("computed, not the reported 1.0").contains(9.3);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }
}
