package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A service of an asset reachable from the internet (through a NAT mapping, a published port, a reverse proxy).
 *
 * @param port port 1 to 65535
 * @param protocol transport, lowercase: {@code tcp} or {@code udp}
 * @param service service name, for example {@code https}; empty when unknown
 */
public record ExposedService(int port, String protocol, String service) {
    /** Checks the port and normalises the protocol. */
    public ExposedService {
        requireNonNull(protocol, "protocol is null");
        requireNonNull(service, "service is null");
        Ports.checkPort(port);
        protocol = Ports.protocol(protocol);
        service = service.strip().toLowerCase(Locale.ROOT);
    }

    /** {@code 443/tcp/https}. */
    @Override
    public String toString() {
        return port + "/" + protocol + (service.isEmpty() ? "" : "/" + service);
    }
}
