package org.medsoc.ingest.receiver;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.medsoc.ingest.IngestErrorCode;
import org.medsoc.spi.error.MedsocException;

/**
 * An IPv4 or IPv6 address block. IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) match IPv4 blocks.
 *
 * @param network the network address bytes (4 or 16), host bits cleared
 * @param prefixLength the number of leading bits that must match
 */
public record CidrBlock(byte[] network, int prefixLength) {
    public CidrBlock {
        requireNonNull(network, "network is null");
        network = network.clone();
    }

    /** Parses {@code a.b.c.d/n}, {@code x:y::/n} or a bare address; fails with {@code INVALID_TENANT_MAPPING}. */
    public static CidrBlock parse(String cidr) {
        requireNonNull(cidr, "cidr is null");
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.isEmpty() || !isAddressLiteral(address)) {
            throw invalid(cidr, "expected an IP address literal such as 10.1.0.0/16 or 2001:db8::/32");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // literal only: no name lookup
        } catch (UnknownHostException e) {
            throw invalid(cidr, "not a valid IP address");
        }
        bytes = unmapIpv4(bytes);
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(cidr, "the prefix length after '/' must be a number from 0 to " + max);
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw invalid(cidr, "the prefix length after '/' must be a number from 0 to " + max);
            }
        }
        clearHostBits(bytes, prefix);
        return new CidrBlock(bytes, prefix);
    }

    /** True when the address lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] a = unmapIpv4(address.getAddress());
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    private static boolean isAddressLiteral(String s) {
        boolean colon = s.indexOf(':') >= 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || c == '.'
                    || (colon && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        return colon || s.chars().filter(c -> c == '.').count() == 3;
    }

    private static byte[] unmapIpv4(byte[] a) {
        if (a.length != 16) {
            return a;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return a;
            }
        }
        if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
            return a;
        }
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    private static void clearHostBits(byte[] bytes, int prefix) {
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
    }

    private static MedsocException invalid(String cidr, String why) {
        return new MedsocException(
                IngestErrorCode.INVALID_TENANT_MAPPING, "tenant mapping CIDR '" + cidr + "' is invalid: " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrBlock c
                && prefixLength == c.prefixLength
                && java.util.Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            return "invalid/" + prefixLength;
        }
    }
}
