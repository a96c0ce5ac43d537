package org.medsoc.intel.internal;

import org.medsoc.intel.IndicatorType;

/**
 * The lookup structures for canonical indicator values of every type, each mapping a value to an {@code int}
 * (an indicator ordinal, or a warning-list entry). Filled by {@link #put}, then {@link #freeze}d once, after which
 * it is read-only and safe to share between threads. All lookups are allocation-free.
 */
public final class ValueSets {
    private static final int IPV6_NETWORK = 1 << 30;
    private final IntKeySet ipv4 = new IntKeySet();
    private final WideKeySet ipv6 = new WideKeySet(2);
    private final WideKeySet cidr4 = new WideKeySet(2);
    private final WideKeySet cidr6 = new WideKeySet(3);
    private final TextSet domains = new TextSet(true);
    private final TextSet urls = new TextSet(false);
    private final TextSet emails = new TextSet(false);
    private final TextSet userAgents = new TextSet(false);
    private final WideKeySet md5 = new WideKeySet(2);
    private final WideKeySet sha1 = new WideKeySet(3);
    private final WideKeySet sha256 = new WideKeySet(4);
    private Ranges ranges4 = Ranges.build(new long[0], new long[0], new int[0], new int[0], 0, 32);
    private Ranges ranges6 = ranges4;
    private boolean frozen;
    /** Bit k set when some domain has k labels (k capped at 63): a suffix walk skips label counts never stored. */
    private long domainLabels;

    /**
     * Maps a canonical value of a type to {@code value}, replacing an earlier mapping; answers a reference for
     * {@link #value(IndicatorType, int)}, or -1 for text with a character above U+00FF (kept by value only).
     */
    public int put(IndicatorType type, String canonical, int value) {
        if (frozen) {
            throw new IllegalStateException("value sets are frozen");
        }
        return switch (type) {
            case IPV4 -> ipv4.put((int) IpAddresses.ipv4(canonical), value);
            case IPV6 -> {
                int n = canonical.length();
                yield ipv6.put(IpAddresses.ipv6(canonical, 0, n, IpAddresses.HIGH),
                        IpAddresses.ipv6(canonical, 0, n, IpAddresses.LOW), 0, 0, value);
            }
            case CIDR -> {
                int slash = canonical.indexOf('/');
                int prefix = Integer.parseInt(canonical, slash + 1, canonical.length(), 10);
                long v4 = IpAddresses.ipv4(canonical, 0, slash);
                if (v4 >= 0) {
                    yield cidr4.put(v4, prefix, 0, 0, value);
                }
                yield IPV6_NETWORK | cidr6.put(IpAddresses.ipv6(canonical, 0, slash, IpAddresses.HIGH),
                        IpAddresses.ipv6(canonical, 0, slash, IpAddresses.LOW), prefix, 0, value);
            }
            case DOMAIN -> {
                int labels = 1;
                for (int i = 0; i < canonical.length(); i++) {
                    labels += canonical.charAt(i) == '.' ? 1 : 0;
                }
                domainLabels |= 1L << Math.min(labels, 63);
                yield domains.put(canonical, value);
            }
            case URL -> urls.put(canonical, value);
            case EMAIL -> emails.put(canonical, value);
            case USER_AGENT -> userAgents.put(canonical, value);
            case MD5 -> md5.put(Hex.word(canonical, 0, 16), Hex.word(canonical, 16, 16), 0, 0, value);
            case SHA1 -> sha1.put(Hex.word(canonical, 0, 16), Hex.word(canonical, 16, 16),
                    Hex.word(canonical, 32, 8), 0, value);
            case SHA256 -> sha256.put(Hex.word(canonical, 0, 16), Hex.word(canonical, 16, 16),
                    Hex.word(canonical, 32, 16), Hex.word(canonical, 48, 16), value);
        };
    }

    /** The canonical text of the value a reference from {@link #put} stands for. */
    public String value(IndicatorType type, int ref) {
        return switch (type) {
            case IPV4 -> IpAddresses.formatIpv4(ipv4.key(ref) & 0xFFFF_FFFFL);
            case IPV6 -> IpAddresses.formatIpv6(ipv6.key(ref, 0), ipv6.key(ref, 1));
            case CIDR -> (ref & IPV6_NETWORK) == 0
                    ? IpAddresses.formatIpv4(cidr4.key(ref, 0)) + "/" + cidr4.key(ref, 1)
                    : IpAddresses.formatIpv6(cidr6.key(ref & ~IPV6_NETWORK, 0), cidr6.key(ref & ~IPV6_NETWORK, 1))
                            + "/" + cidr6.key(ref & ~IPV6_NETWORK, 2);
            case DOMAIN -> domains.text(ref);
            case URL -> urls.text(ref);
            case EMAIL -> emails.text(ref);
            case USER_AGENT -> userAgents.text(ref);
            case MD5 -> Hex.text(md5.key(ref, 0), 16) + Hex.text(md5.key(ref, 1), 16);
            case SHA1 -> Hex.text(sha1.key(ref, 0), 16) + Hex.text(sha1.key(ref, 1), 16)
                    + Hex.text(sha1.key(ref, 2), 8);
            case SHA256 -> Hex.text(sha256.key(ref, 0), 16) + Hex.text(sha256.key(ref, 1), 16)
                    + Hex.text(sha256.key(ref, 2), 16) + Hex.text(sha256.key(ref, 3), 16);
        };
    }

    /** The value mapped to a canonical value (exact, CIDRs by their network text), or -1. */
    public int find(IndicatorType type, String canonical) {
        return switch (type) {
            case IPV4 -> {
                int e = ipv4.find((int) IpAddresses.ipv4(canonical));
                yield e < 0 ? -1 : ipv4.value(e);
            }
            case IPV6 -> {
                int n = canonical.length();
                yield ipv6(IpAddresses.ipv6(canonical, 0, n, IpAddresses.HIGH),
                        IpAddresses.ipv6(canonical, 0, n, IpAddresses.LOW));
            }
            case CIDR -> {
                int slash = canonical.indexOf('/');
                int prefix = Integer.parseInt(canonical, slash + 1, canonical.length(), 10);
                long v4 = IpAddresses.ipv4(canonical, 0, slash);
                int e = v4 >= 0 ? cidr4.find(v4, prefix, 0, 0)
                        : cidr6.find(IpAddresses.ipv6(canonical, 0, slash, IpAddresses.HIGH),
                                IpAddresses.ipv6(canonical, 0, slash, IpAddresses.LOW), prefix, 0);
                yield e < 0 ? -1 : v4 >= 0 ? cidr4.value(e) : cidr6.value(e);
            }
            case DOMAIN -> domains.findValue(canonical, 0, canonical.length(), 0);
            case URL -> urls.findValue(canonical, 0, canonical.length(), 0);
            case EMAIL -> emails.findValue(canonical, 0, canonical.length(), 0);
            case USER_AGENT -> userAgents.findValue(canonical, 0, canonical.length(), 0);
            case MD5, SHA1, SHA256 -> hash(canonical);
        };
    }

    /** Builds the range tables; no {@link #put} afterwards. */
    public void freeze() {
        if (frozen) {
            return;
        }
        frozen = true;
        int n4 = cidr4.size();
        long[] hi = new long[n4];
        long[] lo = new long[n4];
        int[] prefix = new int[n4];
        int[] value = new int[n4];
        for (int e = 0; e < n4; e++) {
            lo[e] = cidr4.key(e, 0);
            prefix[e] = (int) cidr4.key(e, 1);
            value[e] = cidr4.value(e);
        }
        ranges4 = Ranges.build(hi, lo, prefix, value, n4, 32);
        int n6 = cidr6.size();
        hi = new long[n6];
        lo = new long[n6];
        prefix = new int[n6];
        value = new int[n6];
        for (int e = 0; e < n6; e++) {
            hi[e] = cidr6.key(e, 0);
            lo[e] = cidr6.key(e, 1);
            prefix[e] = (int) cidr6.key(e, 2);
            value[e] = cidr6.value(e);
        }
        ranges6 = Ranges.build(hi, lo, prefix, value, n6, 128);
        ipv4.trim();
        ipv6.trim();
        cidr4.trim();
        cidr6.trim();
        domains.trim();
        urls.trim();
        emails.trim();
        userAgents.trim();
        md5.trim();
        sha1.trim();
        sha256.trim();
    }

    /** Exact IPv4 lookup (address as unsigned 32 bits). */
    public int ipv4(long address) {
        int e = ipv4.find((int) address);
        return e < 0 ? -1 : ipv4.value(e);
    }

    /** Most specific IPv4 network containing the address. */
    public int ipv4Network(long address) {
        return ranges4.find(0, address);
    }

    /** Exact IPv6 lookup. */
    public int ipv6(long hi, long lo) {
        int e = ipv6.find(hi, lo, 0, 0);
        return e < 0 ? -1 : ipv6.value(e);
    }

    /** Most specific IPv6 network containing the address. */
    public int ipv6Network(long hi, long lo) {
        return ranges6.find(hi, lo);
    }

    /** The domain set, for suffix walks with {@link TextSet#find(int, CharSequence, int, int, int)}. */
    public TextSet domains() {
        return domains;
    }

    /** Bit k set when some stored domain has k labels (bit 63: 63 or more). */
    public long domainLabels() {
        return domainLabels;
    }

    /** The URL set. */
    public TextSet urls() {
        return urls;
    }

    /** The e-mail set. */
    public TextSet emails() {
        return emails;
    }

    /** The user-agent set. */
    public TextSet userAgents() {
        return userAgents;
    }

    /** Whether nothing at all is stored. */
    public boolean isEmpty() {
        return ipv4.size() == 0 && ipv6.size() == 0 && cidr4.size() == 0 && cidr6.size() == 0 && domains.isEmpty()
                && urls.isEmpty() && emails.isEmpty() && userAgents.isEmpty() && md5.size() == 0 && sha1.size() == 0
                && sha256.size() == 0;
    }

    /** Whether every character is a hex digit. */
    public static boolean isHex(CharSequence s) {
        return Hex.isHex(s);
    }

    /** The value of a hex digit (either case), -1 for any other character. */
    public static int hexDigit(char c) {
        return Hex.digit(c);
    }

    /** The value of up to 16 validated hex digits. */
    public static long hexWord(CharSequence s, int from, int digits) {
        return Hex.word(s, from, digits);
    }

    /**
     * Lookup of a digest of {@code digits} (32, 40 or 64) hex digits given as words: MD5 {@code a, b}; SHA-1
     * {@code a, b} and the last 32 bits in {@code c}; SHA-256 {@code a..d}.
     */
    public int hash(int digits, long a, long b, long c, long d) {
        int e;
        if (digits == 32) {
            e = md5.find(a, b, 0, 0);
            return e < 0 ? -1 : md5.value(e);
        }
        if (digits == 40) {
            e = sha1.find(a, b, c, 0);
            return e < 0 ? -1 : sha1.value(e);
        }
        e = sha256.find(a, b, c, d);
        return e < 0 ? -1 : sha256.value(e);
    }

    /** Lookup of a hex digest of 32, 40 or 64 digits (any case); -1 when absent or not a digest. */
    public int hash(CharSequence s) {
        int n = s.length();
        if ((n != 32 && n != 40 && n != 64) || !Hex.isHex(s)) {
            return -1;
        }
        long a = Hex.word(s, 0, 16);
        long b = Hex.word(s, 16, 16);
        int e;
        if (n == 32) {
            e = md5.find(a, b, 0, 0);
            return e < 0 ? -1 : md5.value(e);
        }
        if (n == 40) {
            e = sha1.find(a, b, Hex.word(s, 32, 8), 0);
            return e < 0 ? -1 : sha1.value(e);
        }
        e = sha256.find(a, b, Hex.word(s, 32, 16), Hex.word(s, 48, 16));
        return e < 0 ? -1 : sha256.value(e);
    }

    /** Number of CIDR networks. */
    public int networks() {
        return cidr4.size() + cidr6.size();
    }

    /** Heap bytes held by all structures. */
    public long estimatedBytes() {
        return ipv4.estimatedBytes() + ipv6.estimatedBytes() + cidr4.estimatedBytes() + cidr6.estimatedBytes()
                + domains.estimatedBytes() + urls.estimatedBytes() + emails.estimatedBytes()
                + userAgents.estimatedBytes() + md5.estimatedBytes() + sha1.estimatedBytes()
                + sha256.estimatedBytes() + ranges4.estimatedBytes() + ranges6.estimatedBytes() + 128;
    }
}
