package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a re-import changes, by {@link Finding#fingerprint()}: findings that are new, still open, reopened (seen again
 * after having been closed), and fingerprints to close (open before, on a host in scope, absent from the new report).
 * Open fingerprints on hosts outside the scope are listed as untouched. Findings repeated within the new report are
 * counted once (first occurrence wins).
 *
 * @param newFindings findings never seen before
 * @param stillOpen findings that were open and are seen again
 * @param reopened findings that had been closed and are seen again
 * @param closed open fingerprints on in-scope hosts that the new report no longer has
 * @param untouched open fingerprints on hosts outside the scope
 * @param duplicates number of findings in the new report that repeated an earlier fingerprint of the same report
 */
public record ReimportPlan(
        List<Finding> newFindings,
        List<Finding> stillOpen,
        List<Finding> reopened,
        Set<String> closed,
        Set<String> untouched,
        int duplicates) {

    public ReimportPlan {
        newFindings = List.copyOf(requireNonNull(newFindings, "newFindings is null"));
        stillOpen = List.copyOf(requireNonNull(stillOpen, "stillOpen is null"));
        reopened = List.copyOf(requireNonNull(reopened, "reopened is null"));
        closed = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(requireNonNull(closed, "closed is null")));
        untouched = java.util.Collections.unmodifiableSet(
                new LinkedHashSet<>(requireNonNull(untouched, "untouched is null")));
    }

    /** The plan when nothing was closed before: every finding is new or still open. */
    public static ReimportPlan compute(Set<String> openFingerprints, ScanReport newReport, ReimportScope scope) {
        return compute(openFingerprints, Set.of(), newReport, scope);
    }

    /**
     * The plan for importing {@code newReport} over a tenant's current state: {@code openFingerprints} are the open
     * findings, {@code closedFingerprints} those closed earlier (a fingerprint in both counts as open).
     */
    public static ReimportPlan compute(
            Set<String> openFingerprints, Set<String> closedFingerprints, ScanReport newReport, ReimportScope scope) {
        requireNonNull(openFingerprints, "openFingerprints is null");
        requireNonNull(closedFingerprints, "closedFingerprints is null");
        requireNonNull(newReport, "newReport is null");
        requireNonNull(scope, "scope is null");

        Map<String, Finding> current = new LinkedHashMap<>();
        int duplicates = 0;
        for (Finding finding : newReport.findings()) {
            if (current.putIfAbsent(finding.fingerprint(), finding) != null) {
                duplicates++;
            }
        }
        List<Finding> fresh = new ArrayList<>();
        List<Finding> stillOpen = new ArrayList<>();
        List<Finding> reopened = new ArrayList<>();
        for (Map.Entry<String, Finding> entry : current.entrySet()) {
            if (openFingerprints.contains(entry.getKey())) {
                stillOpen.add(entry.getValue());
            } else if (closedFingerprints.contains(entry.getKey())) {
                reopened.add(entry.getValue());
            } else {
                fresh.add(entry.getValue());
            }
        }

        Set<String> hostsInScope = switch (scope) {
            case ReimportScope.ScannedHosts scanned -> scannedHosts(newReport);
            case ReimportScope.Hosts hosts -> hosts.hostKeys();
        };
        Set<String> closed = new LinkedHashSet<>();
        Set<String> untouched = new LinkedHashSet<>();
        for (String fingerprint : openFingerprints) {
            if (current.containsKey(fingerprint)) {
                continue;
            }
            if (hostsInScope.contains(Finding.hostKeyOf(fingerprint))) {
                closed.add(fingerprint);
            } else {
                untouched.add(fingerprint);
            }
        }
        return new ReimportPlan(fresh, stillOpen, reopened, closed, untouched, duplicates);
    }

    private static Set<String> scannedHosts(ScanReport report) {
        Set<String> hosts = new HashSet<>();
        for (ScannedHost host : report.hosts()) {
            hosts.add(host.address().key());
        }
        for (Finding finding : report.findings()) {
            hosts.add(finding.host().key());
        }
        return hosts;
    }
}
