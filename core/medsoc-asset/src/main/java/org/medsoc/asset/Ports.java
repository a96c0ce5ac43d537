package org.medsoc.asset;

import java.util.Locale;

/** Checks shared by {@link OpenPort} and {@link ExposedService}. */
final class Ports {
    private Ports() {}

    static void checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    static String protocol(String protocol) {
        String p = protocol.strip().toLowerCase(Locale.ROOT);
        if (!p.equals("tcp") && !p.equals("udp") && !p.equals("sctp")) {
            throw new IllegalArgumentException("protocol '" + protocol + "' is not tcp, udp or sctp");
        }
        return p;
    }
}
