package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Which hosts a re-import covers: open findings on hosts in scope that the new report no longer contains are closed;
 * open findings on other hosts are left alone.
 */
public sealed interface ReimportScope {

    /** The scope is the hosts the new report reached (its hosts and the hosts of its findings). */
    static ReimportScope scannedHosts() {
        return new ScannedHosts();
    }

    /** The scope is an explicit set of host keys ({@link HostAddress#key()}), e.g. the scan target list. */
    static ReimportScope hosts(Set<String> hostKeys) {
        return new Hosts(hostKeys);
    }

    /** Scope of the hosts present in the new report. */
    record ScannedHosts() implements ReimportScope {}

    /** Scope of an explicit host list. */
    record Hosts(Set<String> hostKeys) implements ReimportScope {
        public Hosts {
            hostKeys = Set.copyOf(requireNonNull(hostKeys, "hostKeys is null"));
        }
    }
}
