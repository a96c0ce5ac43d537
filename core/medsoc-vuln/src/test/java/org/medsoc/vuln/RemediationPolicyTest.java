package org.medsoc.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

class RemediationPolicyTest {
    private static final Instant FIRST_SEEN = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void appliesDefaultDeadlines() {
        RemediationPolicy policy = RemediationPolicy.defaults();
        assertThat(policy.dueAt(Severity.CRITICAL, FIRST_SEEN)).contains(Instant.parse("2025-01-08T00:00:00Z"));
        assertThat(policy.dueAt(Severity.HIGH, FIRST_SEEN)).contains(Instant.parse("2025-01-31T00:00:00Z"));
        assertThat(policy.dueAt(Severity.MEDIUM, FIRST_SEEN)).contains(Instant.parse("2025-04-01T00:00:00Z"));
        assertThat(policy.dueAt(Severity.LOW, FIRST_SEEN)).contains(Instant.parse("2025-05-01T00:00:00Z"));
        assertThat(policy.dueAt(Severity.INFO, FIRST_SEEN)).isEmpty();
    }

    @Test
    void decidesOverdueStrictlyAfterDeadline() {
        RemediationPolicy policy = RemediationPolicy.defaults();
        Instant due = Instant.parse("2025-01-08T00:00:00Z");
        assertThat(policy.overdue(Severity.CRITICAL, FIRST_SEEN, due)).isFalse();
        assertThat(policy.overdue(Severity.CRITICAL, FIRST_SEEN, due.plusSeconds(1))).isTrue();
        assertThat(policy.overdue(Severity.INFO, FIRST_SEEN, Instant.MAX)).isFalse();
    }

    @Test
    void usesConfiguredDeadlines() {
        RemediationPolicy policy = RemediationPolicy.builder()
                .deadline(Severity.CRITICAL, Duration.ofDays(2))
                .deadline(Severity.INFO, Duration.ofDays(365))
                .noDeadline(Severity.LOW)
                .build();
        assertThat(policy.deadline(Severity.CRITICAL)).contains(Duration.ofDays(2));
        assertThat(policy.deadline(Severity.HIGH)).contains(Duration.ofDays(30));
        assertThat(policy.deadline(Severity.LOW)).isEmpty();
        assertThat(policy.dueAt(Severity.INFO, FIRST_SEEN)).contains(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void countsFromImportTimeWhenReportHasNoFirstSeen() {
        Finding finding = ReimportPlanTest.finding("10.0.0.1", 443, "1", Severity.HIGH);
        Instant imported = Instant.parse("2025-06-01T00:00:00Z");
        assertThat(RemediationPolicy.defaults().dueAt(finding, imported))
                .contains(Instant.parse("2025-07-01T00:00:00Z"));
        Finding seen = new Finding(finding.scanner(), finding.scannerId(), finding.title(), finding.severity(),
                finding.cves(), finding.cwes(), finding.cvss3(), finding.cvss4(), finding.scannerScore(),
                finding.detectionQuality(), finding.host(), finding.port(), finding.protocol(), finding.service(),
                finding.location(), finding.evidence(), finding.description(), finding.solution(),
                finding.references(), Optional.of(FIRST_SEEN), Optional.of(FIRST_SEEN));
        assertThat(RemediationPolicy.defaults().dueAt(seen, imported)).contains(Instant.parse("2025-01-31T00:00:00Z"));
    }

    @Test
    void rejectsInvalidDeadlines() {
        assertThatThrownBy(() -> RemediationPolicy.builder().deadline(Severity.HIGH, Duration.ZERO))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("deadline for HIGH must be positive");
        assertThatThrownBy(() -> RemediationPolicy.builder().deadline(Severity.CRITICAL, Duration.ofDays(60)).build())
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("deadline for HIGH (PT720H) is shorter than for the more severe CRITICAL");
    }
}
