package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * An open port of an asset as a scanner saw it.
 *
 * @param port port 1 to 65535
 * @param protocol transport, lowercase: {@code tcp} or {@code udp}
 * @param service service name ({@code http}, {@code dicom}); empty when unknown
 * @param product product ({@code Apache httpd}); empty when unknown
 * @param version product version; empty when unknown
 */
public record OpenPort(int port, String protocol, String service, String product, String version) {
    /** Checks the port and normalises the protocol and service. */
    public OpenPort {
        requireNonNull(protocol, "protocol is null");
        requireNonNull(service, "service is null");
        requireNonNull(product, "product is null");
        requireNonNull(version, "version is null");
        Ports.checkPort(port);
        protocol = Ports.protocol(protocol);
        service = service.strip().toLowerCase(Locale.ROOT);
        product = product.strip();
        version = version.strip();
        if (product.indexOf('/') >= 0 || version.indexOf('/') >= 0) {
            product = product.replace('/', ' ');
            version = version.replace('/', ' ');
        }
    }

    /** {@code 22/tcp/ssh/OpenSSH/8.0}, trailing unknown parts left out. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(port).append('/').append(protocol);
        if (!service.isEmpty() || !product.isEmpty() || !version.isEmpty()) {
            b.append('/').append(service);
        }
        if (!product.isEmpty() || !version.isEmpty()) {
            b.append('/').append(product);
        }
        if (!version.isEmpty()) {
            b.append('/').append(version);
        }
        return b.toString();
    }
}
