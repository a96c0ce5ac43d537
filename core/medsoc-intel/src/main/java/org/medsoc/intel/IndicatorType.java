package org.medsoc.intel;

import org.medsoc.intel.internal.ValueNormaliser;

/** The kind of observable an indicator names; decides how its value is normalised and which event fields it matches. */
public enum IndicatorType {
    /** An IPv4 address, canonical dotted quad without leading zeros. */
    IPV4,
    /** An IPv6 address, canonical RFC 5952 text. */
    IPV6,
    /** An IPv4 or IPv6 network in CIDR notation, host bits cleared. */
    CIDR,
    /** A domain name: lower-case, punycode (IDNA), without trailing dot; also matches its subdomains. */
    DOMAIN,
    /** A URL: lower-case scheme and host, no default port, no fragment, non-ASCII percent-encoded. */
    URL,
    /** An MD5 digest, 32 lower-case hex digits. */
    MD5,
    /** A SHA-1 digest, 40 lower-case hex digits. */
    SHA1,
    /** A SHA-256 digest, 64 lower-case hex digits. */
    SHA256,
    /** An e-mail address, lower-case, domain in punycode. */
    EMAIL,
    /** An HTTP User-Agent header value, trimmed, compared exactly. */
    USER_AGENT;

    /**
     * Answers the canonical form of a raw value of this type.
     *
     * @throws org.medsoc.spi.error.MedsocException with {@link IntelErrorCode#INVALID_INDICATOR} when the value is
     *     not valid for this type
     */
    public String normalise(String raw) {
        return ValueNormaliser.normalise(this, raw);
    }
}
