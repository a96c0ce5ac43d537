package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.findings.Reports.finding;
import static org.medsoc.findings.Reports.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.database.Dialect;
import org.medsoc.vuln.Severity;

class FindingLifecycleTest extends LedgerFixture {

    private TrackedFinding one(FindingLedger ledger) {
        importScanned(ledger, A, report(T0, List.of(finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        return byCve(ledger, A, "CVE-2024-0001");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void riskAcceptanceExpiresBackToOpenOnReadAndBySweep(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        TrackedFinding f = one(ledger);
        Instant expiry = T0.plus(Duration.ofDays(30));
        TrackedFinding accepted = ledger.accept(A, f.id(), f.version(),
                new RiskAcceptance("isolated VLAN, vendor patch in Q1", "王主任", expiry), LI);
        assertThat(accepted.state()).isEqualTo(FindingState.ACCEPTED);
        assertThat(accepted.acceptance()).contains(new RiskAcceptance("isolated VLAN, vendor patch in Q1", "王主任",
                expiry));
        assertThat(accepted.version()).isEqualTo(f.version() + 1);
        assertThat(ledger.counts(A).inState(FindingState.ACCEPTED)).isEqualTo(1);

        clock.set(expiry.minusSeconds(1));
        assertThat(ledger.reactivateExpired(A, clock.instant())).isZero();
        assertThat(ledger.find(A, f.id()).orElseThrow().state()).isEqualTo(FindingState.ACCEPTED);

        clock.set(expiry);
        TrackedFinding read = ledger.find(A, f.id()).orElseThrow();
        assertThat(read.state()).as("expiry applied on read").isEqualTo(FindingState.OPEN);
        assertThat(ledger.history(A, f.id())).extracting(HistoryEntry::action)
                .containsExactly("CREATED", "ACCEPTED", "ACCEPTANCE_EXPIRED");
        HistoryEntry expired = ledger.history(A, f.id()).get(2);
        assertThat(expired.actor()).isEqualTo(Actor.SYSTEM);
        assertThat(expired.fromState()).contains(FindingState.ACCEPTED);
        assertThat(expired.toState()).contains(FindingState.OPEN);

        TrackedFinding again = ledger.accept(A, read.id(), read.version(),
                new RiskAcceptance("extended", "王主任", expiry.plus(Duration.ofDays(10))), LI);
        clock.set(expiry.plus(Duration.ofDays(11)));
        assertThat(ledger.reactivateExpired(A, clock.instant())).isEqualTo(1);
        assertThat(ledger.reactivateExpired(A, clock.instant())).isZero();
        assertThat(ledger.find(A, again.id()).orElseThrow().state()).isEqualTo(FindingState.OPEN);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rejectsAnAcceptanceThatAlreadyExpired(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        TrackedFinding f = one(ledger);
        assertFails(FindingsErrorCode.INVALID_FINDING_INPUT, () -> ledger.accept(A, f.id(), f.version(),
                new RiskAcceptance("x", "y", T0), LI)).hasMessageContaining("future");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void remediationPlanThenRetestVerifiedByTheNextScan(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        TrackedFinding f = one(ledger);
        Instant planned = T0.plus(Duration.ofDays(5));
        TrackedFinding inProgress = ledger.planRemediation(A, f.id(), f.version(),
                new RemediationPlan("信息科 张工", "upgrade httpd to 2.4.62", planned), LI);
        assertThat(inProgress.state()).isEqualTo(FindingState.IN_PROGRESS);
        assertThat(inProgress.plan()).contains(new RemediationPlan("信息科 张工", "upgrade httpd to 2.4.62", planned));

        TrackedFinding fixed = ledger.markFixed(A, inProgress.id(), inProgress.version(), ZHANG);
        assertThat(fixed.state()).isEqualTo(FindingState.FIXED);
        assertThat(fixed.retest()).isEqualTo(RetestState.RETEST_REQUESTED);
        assertThat(fixed.closedAt()).contains(T0);

        clock.advance(Duration.ofDays(6));
        ImportResult r = importScanned(ledger, A, report(clock.instant(), List.of(), "10.0.0.1"));
        assertThat(r.fixed()).as("already FIXED; only the retest is decided").isZero();
        TrackedFinding verified = ledger.find(A, f.id()).orElseThrow();
        assertThat(verified.state()).isEqualTo(FindingState.FIXED);
        assertThat(verified.retest()).isEqualTo(RetestState.VERIFIED_FIXED);
        assertThat(ledger.history(A, f.id())).extracting(HistoryEntry::action)
                .containsExactly("CREATED", "PLANNED", "MARKED_FIXED", "RETEST_VERIFIED");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRetestThatStillFindsItReopensAndSaysStillPresent(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        TrackedFinding f = one(ledger);
        TrackedFinding fixed = ledger.markFixed(A, f.id(), f.version(), ZHANG);
        clock.advance(Duration.ofDays(2));
        importScanned(ledger, A, report(clock.instant(), List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        TrackedFinding back = ledger.find(A, fixed.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(FindingState.REOPENED);
        assertThat(back.retest()).isEqualTo(RetestState.STILL_PRESENT);
        assertThat(back.reopenCount()).isEqualTo(1);

        TrackedFinding planned = ledger.planRemediation(A, back.id(), back.version(),
                new RemediationPlan("vendor", "apply hotfix", clock.instant().plus(Duration.ofDays(3))), LI);
        TrackedFinding asked = ledger.requestRetest(A, planned.id(), planned.version(), LI);
        assertThat(asked.state()).isEqualTo(FindingState.IN_PROGRESS);
        assertThat(asked.retest()).isEqualTo(RetestState.RETEST_REQUESTED);
        clock.advance(Duration.ofDays(1));
        importScanned(ledger, A, report(clock.instant(), List.of(
                finding("10.0.0.1", 443, "CVE-2024-0001", Severity.HIGH))));
        TrackedFinding still = ledger.find(A, f.id()).orElseThrow();
        assertThat(still.state()).isEqualTo(FindingState.IN_PROGRESS);
        assertThat(still.retest()).isEqualTo(RetestState.STILL_PRESENT);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void staleVersionsAndDisallowedTransitionsAreRefused(Dialect dialect) {
        FindingLedger ledger = open(dialect);
        TrackedFinding f = one(ledger);
        TrackedFinding planned = ledger.planRemediation(A, f.id(), f.version(),
                new RemediationPlan("a", "b", T0.plus(Duration.ofDays(1))), LI);
        assertFails(DatabaseErrorCode.CONCURRENT_MODIFICATION, () -> ledger.planRemediation(A, f.id(), f.version(),
                new RemediationPlan("c", "d", T0.plus(Duration.ofDays(1))), ZHANG))
                .hasMessageContaining("version " + planned.version());
        TrackedFinding fp = ledger.markFalsePositive(A, planned.id(), planned.version(), "scanner misread banner",
                LI);
        assertThat(fp.falsePositiveReason()).contains("scanner misread banner");
        assertFails(FindingsErrorCode.INVALID_TRANSITION, () -> ledger.accept(A, fp.id(), fp.version(),
                new RiskAcceptance("r", "a", T0.plus(Duration.ofDays(1))), LI))
                .hasMessageContaining("FALSE_POSITIVE");
        assertFails(FindingsErrorCode.INVALID_TRANSITION, () -> ledger.markFixed(A, fp.id(), fp.version(), LI));
        TrackedFinding reopened = ledger.reopen(A, fp.id(), fp.version(), "it is real after all", ZHANG);
        assertThat(reopened.state()).isEqualTo(FindingState.OPEN);
        assertThat(reopened.reopenCount()).isZero();
        assertFails(FindingsErrorCode.INVALID_FINDING_INPUT, () -> ledger.markFalsePositive(A, reopened.id(),
                reopened.version(), " ", LI));
        assertThat(ledger.history(A, f.id())).extracting(HistoryEntry::action)
                .containsExactly("CREATED", "PLANNED", "FALSE_POSITIVE", "REOPENED_MANUALLY");
        assertThat(ledger.history(A, f.id()).get(3).actor()).isEqualTo(ZHANG);
    }
}
