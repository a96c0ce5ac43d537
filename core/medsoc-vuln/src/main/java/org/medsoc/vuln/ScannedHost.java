package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A host a scan reached: its addresses, detected operating system and open ports. */
public record ScannedHost(HostAddress address, Optional<String> operatingSystem, List<OpenPort> openPorts) {
    public ScannedHost {
        requireNonNull(address, "address is null");
        requireNonNull(operatingSystem, "operatingSystem is null");
        openPorts = List.copyOf(requireNonNull(openPorts, "openPorts is null"));
    }
}
