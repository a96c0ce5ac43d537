package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.spi.error.MedsocException;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}).
 *
 * @param text the notation as given
 * @param address the network address bytes (4 or 16)
 * @param prefix the prefix length
 */
public record Cidr(String text, byte[] address, int prefix) {
    /** The RFC 1918 private IPv4 networks and the IPv6 unique local addresses (RFC 4193). */
    public static final java.util.List<Cidr> PRIVATE_NETWORKS = java.util.List.of(
            parse("10.0.0.0/8"), parse("172.16.0.0/12"), parse("192.168.0.0/16"), parse("fc00::/7"));

    /** Copies the address and checks the prefix. */
    public Cidr {
        requireNonNull(text, "text is null");
        requireNonNull(address, "address is null");
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must have 4 or 16 bytes");
        }
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("prefix " + prefix + " out of range for " + text);
        }
        address = address.clone();
    }

    /**
     * Parses {@code address/prefix}.
     *
     * @throws MedsocException with {@link CommonErrorCode#INVALID_CONFIGURATION} naming the bad notation
     */
    public static Cidr parse(String text) {
        requireNonNull(text, "text is null");
        String t = text.strip();
        int slash = t.indexOf('/');
        try {
            if (slash <= 0) {
                throw new IllegalArgumentException("no '/prefix'");
            }
            String host = t.substring(0, slash);
            long v4 = Addresses.ipv4(host);
            if (v4 == Addresses.NOT_IPV4 && host.indexOf(':') < 0) {
                throw new IllegalArgumentException("not an IP address");
            }
            byte[] bytes = v4 != Addresses.NOT_IPV4
                    ? new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4}
                    : InetAddress.getByName(host).getAddress();
            return new Cidr(t, bytes, Integer.parseInt(t.substring(slash + 1)));
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, "'" + text
                    + "' is not a network in CIDR notation such as 10.0.0.0/8 or fc00::/7: " + e.getMessage(), e);
        }
    }

    /** A copy of the network address bytes. */
    @Override
    public byte[] address() {
        return address.clone();
    }

    /** Whether this is an IPv4 network. */
    public boolean isIpv4() {
        return address.length == 4;
    }

    /** Whether an IPv4 address (as an int) lies in this network; always false for an IPv6 network. */
    public boolean contains(int ipv4) {
        if (address.length != 4) {
            return false;
        }
        int net = (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8 | (address[3] & 0xff);
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (net & mask) == (ipv4 & mask);
    }

    /** Whether an address of 4 or 16 bytes lies in this network. */
    public boolean contains(byte[] other) {
        if (other.length != address.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (other[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (other[full] & mask) == (address[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
