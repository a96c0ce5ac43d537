package org.medsoc.incident;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * An IPv4 or IPv6 CIDR block. Parses literals only: IPv4 in strict dotted-quad form, IPv6 via the JDK's literal
 * parser after checking that the text can only be a literal, so no name is ever resolved.
 */
record AddressRange(byte[] network, int prefix) {
    static AddressRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> bytes = address(address);
        if (bytes.isEmpty()) {
            throw bad(cidr, "'" + address + "' is not an IPv4 or IPv6 address");
        }
        int bits = bytes.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(cidr, "the prefix length '" + p + "' is not a number");
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                throw bad(cidr, "the prefix length " + prefix + " exceeds " + bits);
            }
        }
        byte[] network = mask(bytes.get(), prefix);
        if (!java.util.Arrays.equals(network, bytes.get())) {
            throw bad(cidr, "host bits are set; the block is " + format(network) + "/" + prefix);
        }
        return new AddressRange(network, prefix);
    }

    boolean contains(String address) {
        Optional<byte[]> bytes = address(address.strip());
        return bytes.isPresent() && bytes.get().length == network.length
                && java.util.Arrays.equals(mask(bytes.get(), prefix), network);
    }

    static Optional<byte[]> address(String text) {
        if (text.indexOf(':') >= 0) {
            if (text.length() > 45 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return Optional.empty();
            }
            try {
                return Optional.of(InetAddress.getByName(text).getAddress()).filter(b -> b.length == 16);
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            b[i] = (byte) v;
        }
        return Optional.of(b);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    private static String format(byte[] network) {
        try {
            return InetAddress.getByAddress(network).getHostAddress();
        } catch (UnknownHostException e) {
            return new BigInteger(1, network).toString(16);
        }
    }

    private static MedsocException bad(String cidr, String why) {
        return new MedsocException(IncidentErrorCode.INVALID_SUPPRESSION,
                "invalid CIDR block '" + cidr + "': " + why + "; write e.g. 10.20.0.0/16 or 2001:db8::/32");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefix == prefix && java.util.Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
