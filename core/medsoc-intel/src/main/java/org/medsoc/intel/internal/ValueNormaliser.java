package org.medsoc.intel.internal;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.medsoc.intel.IndicatorType;
import org.medsoc.intel.IntelErrorCode;
import org.medsoc.spi.error.MedsocException;

/** Canonical forms of indicator values, one rule per {@link IndicatorType}; see the type's javadoc for each. */
public final class ValueNormaliser {
    private static final int MAX_DOMAIN_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final int MAX_TEXT_LENGTH = 8192;

    private ValueNormaliser() {}

    /** The canonical form of {@code raw} as a value of {@code type}; fails with INVALID_INDICATOR. */
    public static String normalise(IndicatorType type, String raw) {
        String s = raw.strip();
        if (s.isEmpty()) {
            throw invalid(type, raw, "the value is empty");
        }
        if (s.length() > MAX_TEXT_LENGTH) {
            throw invalid(type, s.substring(0, 64) + "...", "the value is longer than " + MAX_TEXT_LENGTH);
        }
        return switch (type) {
            case IPV4 -> {
                long v = IpAddresses.ipv4(s);
                if (v < 0) {
                    throw invalid(type, raw, "expected a dotted-quad IPv4 address without leading zeros");
                }
                yield IpAddresses.formatIpv4(v);
            }
            case IPV6 -> {
                int n = s.length();
                if (IpAddresses.ipv6(s, 0, n, IpAddresses.VALID) != 1) {
                    throw invalid(type, raw, "expected an IPv6 address");
                }
                yield IpAddresses.formatIpv6(
                        IpAddresses.ipv6(s, 0, n, IpAddresses.HIGH), IpAddresses.ipv6(s, 0, n, IpAddresses.LOW));
            }
            case CIDR -> cidr(s, raw);
            case DOMAIN -> domain(s, raw, type);
            case URL -> url(s, raw);
            case MD5 -> hash(type, s, raw, 32);
            case SHA1 -> hash(type, s, raw, 40);
            case SHA256 -> hash(type, s, raw, 64);
            case EMAIL -> email(s, raw);
            case USER_AGENT -> s;
        };
    }

    /** The type of a bare IP text: IPV4, IPV6, CIDR when it holds a '/', or null when it is none of them. */
    public static IndicatorType ipType(String s) {
        String t = s.strip();
        if (t.indexOf('/') >= 0) {
            return IndicatorType.CIDR;
        }
        if (IpAddresses.ipv4(t) >= 0) {
            return IndicatorType.IPV4;
        }
        return IpAddresses.isIpv6(t) ? IndicatorType.IPV6 : null;
    }

    private static String cidr(String s, String raw) {
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        int prefix;
        long v4 = IpAddresses.ipv4(address);
        boolean isV4 = v4 >= 0;
        if (!isV4 && !IpAddresses.isIpv6(address)) {
            throw invalid(IndicatorType.CIDR, raw, "expected an IPv4 or IPv6 network such as 10.0.0.0/8");
        }
        int max = isV4 ? 32 : 128;
        if (slash < 0) {
            prefix = max;
        } else {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(IndicatorType.CIDR, raw, "the prefix length is not a number");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw invalid(IndicatorType.CIDR, raw, "the prefix length exceeds " + max);
            }
        }
        if (isV4) {
            long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            return IpAddresses.formatIpv4(v4 & mask) + "/" + prefix;
        }
        int n = address.length();
        long hi = IpAddresses.ipv6(address, 0, n, IpAddresses.HIGH);
        long lo = IpAddresses.ipv6(address, 0, n, IpAddresses.LOW);
        return IpAddresses.formatIpv6(hi & Ranges.highMask(prefix), lo & Ranges.lowMask(prefix)) + "/" + prefix;
    }

    static String domain(String s, String raw, IndicatorType reportedAs) {
        String d = s;
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty()) {
            throw invalid(reportedAs, raw, "the domain is empty");
        }
        boolean ascii = true;
        for (int i = 0; i < d.length(); i++) {
            if (d.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (!ascii) {
            try {
                d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw invalid(reportedAs, raw, "not a valid internationalised domain name (" + e.getMessage() + ")");
            }
        }
        d = d.toLowerCase(Locale.ROOT);
        if (d.length() > MAX_DOMAIN_LENGTH) {
            throw invalid(reportedAs, raw, "the domain is longer than " + MAX_DOMAIN_LENGTH + " characters");
        }
        int labelStart = 0;
        for (int i = 0; i <= d.length(); i++) {
            char c = i < d.length() ? d.charAt(i) : '.';
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0) {
                    throw invalid(reportedAs, raw, "the domain has an empty label");
                }
                if (length > MAX_LABEL_LENGTH) {
                    throw invalid(reportedAs, raw, "a label is longer than " + MAX_LABEL_LENGTH + " characters");
                }
                if (d.charAt(labelStart) == '-' || d.charAt(i - 1) == '-') {
                    throw invalid(reportedAs, raw, "a label starts or ends with '-'");
                }
                labelStart = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw invalid(reportedAs, raw, "character '" + c + "' is not allowed in a domain name");
            }
        }
        return d;
    }

    private static String url(String s, String raw) {
        String u = s;
        int schemeEnd = u.indexOf("://");
        boolean schemeOk = schemeEnd > 0;
        for (int i = 0; schemeOk && i < schemeEnd; i++) {
            char c = u.charAt(i);
            schemeOk = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9')
                    || c == '+' || c == '-' || c == '.'));
        }
        if (!schemeOk) {
            // feeds often list URLs without scheme; they are read as http
            u = "http://" + u;
            schemeEnd = 4;
        }
        String scheme = u.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int authorityStart = schemeEnd + 3;
        int authorityEnd = u.length();
        for (int i = authorityStart; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                authorityEnd = i;
                break;
            }
        }
        String authority = u.substring(authorityStart, authorityEnd);
        String rest = u.substring(authorityEnd);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String userInfo = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = authority.substring(0, at + 1);
            authority = authority.substring(at + 1);
        }
        String host = authority;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(IndicatorType.URL, raw, "the IPv6 host has no closing ']'");
            }
            host = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw invalid(IndicatorType.URL, raw, "unexpected text after the IPv6 host");
            }
            String inner = host.substring(1, host.length() - 1);
            if (!IpAddresses.isIpv6(inner)) {
                throw invalid(IndicatorType.URL, raw, "the bracketed host is not an IPv6 address");
            }
            host = "[" + normalise(IndicatorType.IPV6, inner) + "]";
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                port = authority.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw invalid(IndicatorType.URL, raw, "the URL has no host");
            }
            host = IpAddresses.ipv4(host) >= 0 ? host : domain(host, raw, IndicatorType.URL);
        }
        if (!port.isEmpty()) {
            if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) > 65535) {
                throw invalid(IndicatorType.URL, raw, "the port '" + port + "' is not a number 0..65535");
            }
            if ((scheme.equals("http") && port.equals("80")) || (scheme.equals("https") && port.equals("443"))
                    || (scheme.equals("ftp") && port.equals("21"))) {
                port = "";
            }
        }
        if (rest.isEmpty() || rest.charAt(0) != '/') {
            rest = "/" + rest;
        }
        StringBuilder sb = new StringBuilder(u.length() + 8);
        sb.append(scheme).append("://").append(userInfo).append(host);
        if (!port.isEmpty()) {
            sb.append(':').append(port);
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c > 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < rest.length() ? i + 2 : i + 1;
                for (byte b : rest.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
                i = end - 1;
            }
        }
        return sb.toString();
    }

    private static String hash(IndicatorType type, String s, String raw, int length) {
        if (s.length() != length) {
            throw invalid(type, raw, "expected " + length + " hex digits, found " + s.length() + " characters");
        }
        for (int i = 0; i < length; i++) {
            if (IpAddresses.hexDigit(s.charAt(i)) < 0) {
                throw invalid(type, raw, "character '" + s.charAt(i) + "' at " + i + " is not a hex digit");
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private static String email(String s, String raw) {
        String e = s;
        int lt = e.indexOf('<');
        if (lt >= 0 && e.endsWith(">")) {
            e = e.substring(lt + 1, e.length() - 1).strip();
        }
        if (e.regionMatches(true, 0, "mailto:", 0, 7)) {
            e = e.substring(7);
        }
        int at = e.lastIndexOf('@');
        if (at <= 0 || at == e.length() - 1) {
            throw invalid(IndicatorType.EMAIL, raw, "expected local-part@domain");
        }
        String local = e.substring(0, at);
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c <= 0x20 || c == '<' || c == '>' || c == '@' || c == ',' || c == 0x7F) {
                throw invalid(IndicatorType.EMAIL, raw, "character '" + c + "' is not allowed in the local part");
            }
        }
        return local.toLowerCase(Locale.ROOT) + "@" + domain(e.substring(at + 1), raw, IndicatorType.EMAIL);
    }

    private static MedsocException invalid(IndicatorType type, String raw, String why) {
        return new MedsocException(
                IntelErrorCode.INVALID_INDICATOR, "invalid " + type + " indicator '" + raw + "': " + why);
    }
}
