package org.medsoc.vuln.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.medsoc.vuln.CvssScore;
import org.medsoc.vuln.Cvss31;
import org.medsoc.vuln.Cvss40;
import org.medsoc.vuln.Finding;
import org.medsoc.vuln.HostAddress;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.Severity;
import org.medsoc.spi.error.MedsocException;

/** Mutable collector of one finding's parts while a parser walks a report item. */
final class FindingDraft {
    final ReportFormat scanner;
    String scannerId = "";
    String title = "";
    Severity severity = Severity.INFO;
    final Set<String> cves = new LinkedHashSet<>();
    final Set<String> cwes = new LinkedHashSet<>();
    @Nullable String cvss3Vector;
    @Nullable Double cvss3Score;
    @Nullable String cvss4Vector;
    @Nullable Double cvss4Score;
    @Nullable Double scannerScore;
    @Nullable Integer detectionQuality;
    int port;
    String protocol = "";
    @Nullable String service;
    @Nullable String location;
    String evidence = "";
    String description = "";
    String solution = "";
    final Set<String> references = new LinkedHashSet<>();
    @Nullable Instant firstSeen;
    @Nullable Instant lastSeen;

    FindingDraft(ReportFormat scanner) {
        this.scanner = scanner;
    }

    void addCve(@Nullable String text) {
        String cve = TextValues.cve(text);
        if (cve != null) {
            cves.add(cve);
        }
    }

    void addCwe(@Nullable String text) {
        String cwe = TextValues.cwe(text);
        if (cwe != null) {
            cwes.add(cwe);
        }
    }

    void addReference(@Nullable String text) {
        TextValues.optional(text).ifPresent(references::add);
    }

    Finding build(HostAddress host, int maxEvidenceLength) {
        return new Finding(
                scanner,
                scannerId,
                title,
                severity,
                List.copyOf(cves),
                List.copyOf(cwes),
                cvss3(),
                cvss4(),
                Optional.ofNullable(scannerScore),
                Optional.ofNullable(detectionQuality),
                host,
                port,
                protocol,
                TextValues.optional(service),
                TextValues.optional(location),
                TextValues.bounded(evidence, maxEvidenceLength),
                description,
                solution,
                new ArrayList<>(references),
                Optional.ofNullable(firstSeen),
                Optional.ofNullable(lastSeen));
    }

    /** The reported 3.x vector with the reported score, or the score computed from the vector when none. */
    private Optional<CvssScore> cvss3() {
        if (cvss3Vector == null || cvss3Vector.isBlank()) {
            return Optional.empty();
        }
        String vector = cvss3Vector.strip();
        Double score = cvss3Score;
        if (score == null || !(score >= 0 && score <= 10)) {
            try {
                score = Cvss31.parse(vector).baseScore();
            } catch (MedsocException e) {
                return Optional.empty(); // unscorable vector from the scanner: keep the finding, drop the vector
            }
        }
        return Optional.of(new CvssScore(vector, score));
    }

    private Optional<CvssScore> cvss4() {
        if (cvss4Vector == null || cvss4Vector.isBlank()) {
            return Optional.empty();
        }
        String vector = cvss4Vector.strip();
        Double score = cvss4Score;
        if (score == null || !(score >= 0 && score <= 10)) {
            try {
                score = Cvss40.parse(vector).score();
            } catch (MedsocException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new CvssScore(vector, score));
    }

    static @Nullable Double parseScore(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
