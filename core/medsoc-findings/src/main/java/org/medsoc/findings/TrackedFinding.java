package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.Severity;

/**
 * A finding as the ledger tracks it across imports: identity (fingerprint, host, port), what it is, scores, state,
 * SLA deadline, risk acceptance, remediation plan and retest.
 *
 * @param id the ledger id
 * @param tenant the tenant
 * @param fingerprint the identity across imports and scanners ({@link org.medsoc.vuln.Finding#fingerprint()})
 * @param hostKey the host identity (IP, else lower-case hostname)
 * @param ip the host IP, when known
 * @param hostname the host name, when known
 * @param port the port, 0 when not bound to one
 * @param protocol the transport protocol
 * @param scanner the scanner that first reported it
 * @param scannerId the scanner's plugin or check id
 * @param title the name
 * @param severity the severity the scanner rated
 * @param cves the CVE ids
 * @param cvss3Vector the CVSS 3.x vector
 * @param cvss3Score its base score (computed from the vector when it parses, else as reported)
 * @param cvss4Vector the CVSS 4.0 vector
 * @param cvss4Score its score (computed from the vector when it parses, else as reported)
 * @param solution the remediation advice of the scanner
 * @param knownExploited whether a CVE of it is in the KEV catalog
 * @param kevDue the end of the KEV remediation due date, when the catalog gave one
 * @param epss the highest EPSS score among its CVEs, when applied
 * @param state the lifecycle state
 * @param firstSeen when first observed
 * @param lastSeen when last observed
 * @param closedAt when it was last FIXED
 * @param reopenCount how many times it came back after being FIXED
 * @param dueAt the SLA deadline: first seen plus the tenant policy's deadline for its severity, or the KEV due date
 *     when earlier; empty when the severity has none
 * @param overdue whether it is active ({@link FindingState#active()}) and past its deadline at read time
 * @param acceptance the risk acceptance, when ACCEPTED (kept for the record after it ends)
 * @param falsePositiveReason why it was declared a false positive
 * @param plan the remediation plan, when one was made
 * @param retest the retest state
 * @param updatedAt when it last changed
 * @param version the optimistic-locking version edits must quote
 */
public record TrackedFinding(
        long id,
        TenantId tenant,
        String fingerprint,
        String hostKey,
        Optional<String> ip,
        Optional<String> hostname,
        int port,
        String protocol,
        ReportFormat scanner,
        String scannerId,
        String title,
        Severity severity,
        List<String> cves,
        Optional<String> cvss3Vector,
        Optional<Double> cvss3Score,
        Optional<String> cvss4Vector,
        Optional<Double> cvss4Score,
        String solution,
        boolean knownExploited,
        Optional<Instant> kevDue,
        Optional<EpssScore> epss,
        FindingState state,
        Instant firstSeen,
        Instant lastSeen,
        Optional<Instant> closedAt,
        int reopenCount,
        Optional<Instant> dueAt,
        boolean overdue,
        Optional<RiskAcceptance> acceptance,
        Optional<String> falsePositiveReason,
        Optional<RemediationPlan> plan,
        RetestState retest,
        Instant updatedAt,
        long version) {
    /** Validates the values. */
    public TrackedFinding {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(hostKey, "hostKey is null");
        requireNonNull(ip, "ip is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(scanner, "scanner is null");
        requireNonNull(scannerId, "scannerId is null");
        requireNonNull(title, "title is null");
        requireNonNull(severity, "severity is null");
        cves = List.copyOf(requireNonNull(cves, "cves is null"));
        requireNonNull(cvss3Vector, "cvss3Vector is null");
        requireNonNull(cvss3Score, "cvss3Score is null");
        requireNonNull(cvss4Vector, "cvss4Vector is null");
        requireNonNull(cvss4Score, "cvss4Score is null");
        requireNonNull(solution, "solution is null");
        requireNonNull(kevDue, "kevDue is null");
        requireNonNull(epss, "epss is null");
        requireNonNull(state, "state is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
        requireNonNull(closedAt, "closedAt is null");
        requireNonNull(dueAt, "dueAt is null");
        requireNonNull(acceptance, "acceptance is null");
        requireNonNull(falsePositiveReason, "falsePositiveReason is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(retest, "retest is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
