package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/** The addresses a scanner reported for one host; at least an IP or a hostname is present. */
public record HostAddress(Optional<String> ip, Optional<String> hostname, Optional<String> mac) {
    public HostAddress {
        requireNonNull(ip, "ip is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(mac, "mac is null");
        if (ip.isEmpty() && hostname.isEmpty()) {
            throw new IllegalArgumentException("a host needs an IP address or a hostname");
        }
    }

    /** The host identity used for scoping and fingerprints: the IP if known, else the lower-cased hostname. */
    public String key() {
        return ip.orElseGet(() -> hostname.orElseThrow().toLowerCase(Locale.ROOT));
    }
}
