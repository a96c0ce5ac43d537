package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A port a scanner found open on a host, with what it identified listening there. */
public record OpenPort(
        int port,
        String protocol,
        Optional<String> service,
        Optional<String> product,
        Optional<String> version,
        List<String> cpes) {
    public OpenPort {
        requireNonNull(protocol, "protocol is null");
        requireNonNull(service, "service is null");
        requireNonNull(product, "product is null");
        requireNonNull(version, "version is null");
        cpes = List.copyOf(requireNonNull(cpes, "cpes is null"));
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
