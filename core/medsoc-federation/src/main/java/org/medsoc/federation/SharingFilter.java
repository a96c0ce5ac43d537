package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.medsoc.common.Settings;

/**
 * The rule deciding which indicator sightings may leave a hospital. A sighting is refused (with a reason) when its
 * distribution is {@code ORGANISATION} or {@code SHARING_GROUP}, its TLP is {@code RED} or {@code AMBER_STRICT}, it
 * names a private, loopback or link-local address or network (RFC 1918, 127/8, 169.254/16, ::1, fc00::/7,
 * fe80::/10: internal hosts are hospital topology), an e-mail address (personal data), a Chinese resident id number
 * (18 digits with a valid checksum) or a mobile number ({@code 1[3-9]} and 9 digits), or a host in one of the
 * internal domains ({@value #INTERNAL_DOMAINS_SETTING} plus {@code localhost}, {@code local}, {@code internal},
 * {@code lan}, {@code home.arpa}). URLs that pass lose their query string and fragment (they carry patient ids).
 * The node applies it before sharing; the hub applies it again before redistributing.
 */
public final class SharingFilter {
    /** The configuration key listing the hospital's internal domains (comma separated). */
    public static final String INTERNAL_DOMAINS_SETTING = "federation.sharing.internal-domains";

    private static final List<String> BUILT_IN_DOMAINS = List.of("localhost", "local", "internal", "lan", "home.arpa");

    private final List<String> internalDomains;

    /** A filter refusing hosts in {@code internalDomains} (and the built-in internal suffixes). */
    public SharingFilter(Collection<String> internalDomains) {
        requireNonNull(internalDomains, "internalDomains is null");
        TreeSet<String> domains = new TreeSet<>(BUILT_IN_DOMAINS);
        for (String d : internalDomains) {
            String n = d.strip().toLowerCase(Locale.ROOT);
            while (n.startsWith(".") || n.startsWith("*")) {
                n = n.substring(1);
            }
            if (n.endsWith(".")) {
                n = n.substring(0, n.length() - 1);
            }
            if (!n.isEmpty()) {
                domains.add(n);
            }
        }
        this.internalDomains = List.copyOf(domains);
    }

    /** A filter with the internal domains of {@value #INTERNAL_DOMAINS_SETTING}. */
    public static SharingFilter fromSettings(Settings settings) {
        List<String> domains = new ArrayList<>();
        for (String d : settings.string(INTERNAL_DOMAINS_SETTING, "").split(",")) {
            if (!d.isBlank()) {
                domains.add(d);
            }
        }
        return new SharingFilter(domains);
    }

    /** The internal domain suffixes this filter refuses, sorted. */
    public List<String> internalDomains() {
        return internalDomains;
    }

    /** A sighting that may not leave, and why. */
    public record Refusal(ReportBody.IndicatorSighting sighting, String reason) {
        /** Checks the parts. */
        public Refusal {
            requireNonNull(sighting, "sighting is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** The outcome: the sightings that may be shared (URLs cleaned) and the refused ones with their reasons. */
    public record Outcome(List<ReportBody.IndicatorSighting> shared, List<Refusal> refused) {
        /** Checks the parts. */
        public Outcome {
            shared = List.copyOf(requireNonNull(shared, "shared is null"));
            refused = List.copyOf(requireNonNull(refused, "refused is null"));
        }
    }

    /** Splits the candidates into those that may leave the hospital and those that may not. */
    public Outcome filter(List<ReportBody.IndicatorSighting> candidates) {
        requireNonNull(candidates, "candidates is null");
        List<ReportBody.IndicatorSighting> shared = new ArrayList<>(candidates.size());
        List<Refusal> refused = new ArrayList<>();
        for (ReportBody.IndicatorSighting s : candidates) {
            ReportBody.IndicatorSighting cleaned = clean(s);
            String reason = refusal(cleaned);
            if (reason == null) {
                shared.add(cleaned);
            } else {
                refused.add(new Refusal(s, reason));
            }
        }
        return new Outcome(shared, refused);
    }

    /** The reason {@code sighting} may not leave the hospital, or empty when it may (check its URL cleaned first). */
    public Optional<String> refusalOf(ReportBody.IndicatorSighting sighting) {
        return Optional.ofNullable(refusal(clean(requireNonNull(sighting, "sighting is null"))));
    }

    /** The sighting with a URL's query string and fragment removed; anything else unchanged. */
    static ReportBody.IndicatorSighting clean(ReportBody.IndicatorSighting s) {
        String v = s.value().strip();
        if (!isUrl(s.kind(), v)) {
            return v.equals(s.value()) ? s : s.withValue(v);
        }
        int cut = v.length();
        int q = v.indexOf('?');
        int f = v.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (f >= 0 && f < cut) {
            cut = f;
        }
        return s.withValue(v.substring(0, cut));
    }

    private @Nullable String refusal(ReportBody.IndicatorSighting s) {
        switch (s.distribution()) {
            case "ORGANISATION" -> {
                return "its distribution is ORGANISATION: it stays in the hospital";
            }
            case "SHARING_GROUP" -> {
                return "its distribution is a sharing group, which the hub does not know";
            }
            default -> { }
        }
        switch (s.tlp()) {
            case "RED" -> {
                return "it is TLP:RED (named recipients only)";
            }
            case "AMBER_STRICT" -> {
                return "it is TLP:AMBER+STRICT (the organisation only)";
            }
            default -> { }
        }
        String value = s.value();
        if (value.isEmpty()) {
            return "its value is empty";
        }
        String kind = s.kind().toLowerCase(Locale.ROOT);
        String lower = value.toLowerCase(Locale.ROOT);
        if (kind.equals("email") || kind.startsWith("email-") || PersonalData.containsEmail(value)) {
            return "it is or contains an e-mail address (personal data)";
        }
        String host = host(kind, lower);
        if (host != null) {
            String ip = ipRefusal(host);
            if (ip != null) {
                return ip;
            }
        }
        String domain = internalDomain(lower);
        if (domain != null) {
            return "it names a host in the internal domain " + domain;
        }
        if (!isHash(kind, value)) {
            if (PersonalData.containsResidentId(value)) {
                return "it contains a resident id number (personal data)";
            }
            if (PersonalData.containsMobile(value)) {
                return "it contains a mobile phone number (personal data)";
            }
        }
        return null;
    }

    private static boolean isUrl(String kind, String value) {
        return kind.equalsIgnoreCase("url") || kind.equalsIgnoreCase("uri") || value.contains("://");
    }

    /** The host part to check as an address: the value of an ip/cidr/domain, the host of a URL, or the value. */
    private static @Nullable String host(String kind, String lower) {
        String v = lower;
        int scheme = v.indexOf("://");
        if (scheme >= 0) {
            v = v.substring(scheme + 3);
            int end = v.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = v.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            v = v.substring(0, end);
            int at = v.lastIndexOf('@');
            if (at >= 0) {
                v = v.substring(at + 1);
            }
            if (v.startsWith("[")) {
                int close = v.indexOf(']');
                return close < 0 ? v.substring(1) : v.substring(1, close);
            }
            int colon = v.indexOf(':');
            return colon >= 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
        }
        return v;
    }

    /** Why an address or network names hospital topology, or null. */
    static @Nullable String ipRefusal(String text) {
        String v = text;
        int prefix = -1;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(v.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                return null;
            }
            v = v.substring(0, slash).strip();
        }
        byte[] address = parseAddress(v);
        if (address == null) {
            return null;
        }
        int bits = address.length * 8;
        if (prefix < 0) {
            prefix = bits;
        }
        if (prefix > bits) {
            return null;
        }
        // an address or network is internal when it overlaps an internal range
        int[][] ranges4 = {{10, 0, 0, 0, 8}, {172, 16, 0, 0, 12}, {192, 168, 0, 0, 16}, {127, 0, 0, 0, 8},
                {169, 254, 0, 0, 16}, {0, 0, 0, 0, 8}};
        if (address.length == 4) {
            for (int[] r : ranges4) {
                byte[] net = {(byte) r[0], (byte) r[1], (byte) r[2], (byte) r[3]};
                if (overlaps(address, prefix, net, r[4])) {
                    return "it names a private, loopback or link-local address or network (" + text
                            + "): internal hosts are hospital topology";
                }
            }
            return null;
        }
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        byte[] ula = new byte[16];
        ula[0] = (byte) 0xfc;
        byte[] linkLocal = new byte[16];
        linkLocal[0] = (byte) 0xfe;
        linkLocal[1] = (byte) 0x80;
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        if (overlaps(address, prefix, loopback, 128) || overlaps(address, prefix, ula, 7)
                || overlaps(address, prefix, linkLocal, 10) || overlaps(address, prefix, new byte[16], 128)) {
            return "it names a private, loopback or link-local address or network (" + text
                    + "): internal hosts are hospital topology";
        }
        if (prefix >= 96 && overlaps(address, 96, mapped, 96)) {
            byte[] v4 = java.util.Arrays.copyOfRange(address, 12, 16);
            String r = ipRefusal((v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "."
                    + (v4[3] & 0xff) + "/" + (prefix - 96));
            return r == null ? null : "it names a private, loopback or link-local address or network (" + text
                    + "): internal hosts are hospital topology";
        }
        return null;
    }

    private static boolean overlaps(byte[] a, int aPrefix, byte[] b, int bPrefix) {
        int common = Math.min(aPrefix, bPrefix);
        for (int i = 0; i < common; i++) {
            int bit = 7 - (i % 8);
            if (((a[i / 8] >> bit) & 1) != ((b[i / 8] >> bit) & 1)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null (never a DNS lookup). */
    static byte @Nullable [] parseAddress(String v) {
        if (v.indexOf(':') >= 0) {
            String literal = v;
            int zone = literal.indexOf('%');
            if (zone >= 0) {
                literal = literal.substring(0, zone);
            }
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null;
                }
            }
            try {
                // a string with ':' is parsed as an IPv6 literal without any name lookup
                byte[] b = InetAddress.getByName("[" + literal + "]").getAddress();
                if (b.length == 4) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(b, 0, mapped, 12, 4);
                    return mapped;
                }
                return b;
            } catch (UnknownHostException | RuntimeException e) {
                return null;
            }
        }
        String[] parts = v.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            int n = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                n = n * 10 + (c - '0');
            }
            if (n > 255) {
                return null;
            }
            out[i] = (byte) n;
        }
        return out;
    }

    /**
     * The internal domain the value names, or null: an occurrence bounded by non-label characters and not followed
     * by a further label; the bare suffixes ({@code local}, {@code internal}, {@code lan}, {@code home.arpa}) count
     * only as the last label of a host name ({@code pacs.local}).
     */
    private @Nullable String internalDomain(String lower) {
        for (String d : internalDomains) {
            boolean suffixOnly = BUILT_IN_DOMAINS.contains(d) && !d.equals("localhost");
            int from = 0;
            while (true) {
                int i = lower.indexOf(d, from);
                if (i < 0) {
                    break;
                }
                from = i + 1;
                int end = i + d.length();
                char before = i == 0 ? ' ' : lower.charAt(i - 1);
                char after = end == lower.length() ? ' ' : lower.charAt(end);
                if (after == '.' && end == lower.length() - 1) {
                    after = ' ';
                }
                if (isLabelChar(after) || after == '.') {
                    continue;
                }
                if (suffixOnly ? before == '.' && i > 1 && isLabelChar(lower.charAt(i - 2))
                        : before == '.' || !isLabelChar(before)) {
                    return d;
                }
            }
        }
        return null;
    }

    private static boolean isLabelChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static boolean isHash(String kind, String value) {
        if (kind.equals("md5") || kind.equals("sha1") || kind.equals("sha256") || kind.equals("sha512")
                || kind.equals("hash")) {
            for (int i = 0; i < value.length(); i++) {
                if (Character.digit(value.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
