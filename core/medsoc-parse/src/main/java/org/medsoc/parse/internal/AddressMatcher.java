package org.medsoc.parse.internal;

import org.medsoc.parse.internal.Text;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/** One IP address or CIDR block, matched against peer addresses in text form. */
public final class AddressMatcher {
    private final byte[] network;
    private final int prefixLength;

    private AddressMatcher(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code fe80::1} or {@code fe80::/10}; null when invalid. */
    public static @Nullable AddressMatcher parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String ip = slash < 0 ? t : t.substring(0, slash);
        byte[] addr = address(ip);
        if (addr == null) {
            return null;
        }
        int bits = addr.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !Text.isDigits(p, 0, p.length())) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                return null;
            }
        }
        return new AddressMatcher(addr, prefix);
    }

    /** Whether the address (text) lies in this block; false for anything that is not an IP literal. */
    public boolean matches(byte @Nullable [] addr) {
        if (addr == null || addr.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (addr[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (addr[full] & mask) == (network[full] & mask);
    }

    /** The bytes of an IPv4 or IPv6 literal (never a DNS lookup), or null. IPv4-mapped IPv6 yields 4 bytes. */
    public static byte @Nullable [] address(String ip) {
        if (!Text.isIp(ip)) {
            return null;
        }
        if (ip.indexOf(':') < 0) {
            byte[] b = new byte[4];
            int part = 0;
            int v = 0;
            for (int i = 0; i < ip.length(); i++) {
                char c = ip.charAt(i);
                if (c == '.') {
                    b[part++] = (byte) v;
                    v = 0;
                } else {
                    v = v * 10 + (c - '0');
                }
            }
            b[part] = (byte) v;
            return b;
        }
        try {
            return InetAddress.getByName(ip).getAddress(); // a validated literal: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
