package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * An indicator of compromise: a typed, normalised value that marks activity as suspicious, with its provenance
 * ({@code source}, optional {@code stixId}), how much the source trusts it ({@code confidence} 0..100), how it may
 * be shared ({@code tlp}, {@code distribution}), when it was seen and until when it is valid.
 *
 * <p>The compact constructor normalises {@code value} for {@code type} (see {@link IndicatorType}), so an
 * indicator built from raw feed text is comparable with any other. An indicator whose {@code validUntil} has
 * passed never matches.
 */
public record Indicator(
        IndicatorType type,
        String value,
        String source,
        int confidence,
        Tlp tlp,
        Distribution distribution,
        Optional<Instant> firstSeen,
        Optional<Instant> lastSeen,
        Optional<Instant> validUntil,
        List<String> tags,
        Optional<String> stixId) {

    /** Confidence given to indicators whose source states none. */
    public static final int DEFAULT_CONFIDENCE = 50;

    public Indicator {
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        requireNonNull(source, "source is null");
        requireNonNull(tlp, "tlp is null");
        requireNonNull(distribution, "distribution is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
        requireNonNull(validUntil, "validUntil is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        requireNonNull(stixId, "stixId is null");
        if (confidence < 0 || confidence > 100) {
            throw new MedsocException(IntelErrorCode.INVALID_INDICATOR,
                    "confidence " + confidence + " of " + type + " " + value + " is outside 0..100");
        }
        value = type.normalise(value);
    }

    /**
     * An indicator with defaults: {@link #DEFAULT_CONFIDENCE}, TLP AMBER, distribution COMMUNITY, no times, no tags,
     * no STIX id.
     */
    public static Indicator of(IndicatorType type, String value, String source) {
        return new Indicator(type, value, source, DEFAULT_CONFIDENCE, Tlp.AMBER, Distribution.COMMUNITY,
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    /** The identity of this indicator (type and value). */
    public IndicatorKey key() {
        return new IndicatorKey(type, value);
    }

    /** Whether this indicator has expired at a time ({@code validUntil} at or before it). */
    public boolean expiredAt(Instant time) {
        return validUntil.isPresent() && !validUntil.get().isAfter(time);
    }

    /** This indicator with another confidence. */
    public Indicator withConfidence(int newConfidence) {
        return new Indicator(type, value, source, newConfidence, tlp, distribution, firstSeen, lastSeen, validUntil,
                tags, stixId);
    }

    /** This indicator with another TLP label. */
    public Indicator withTlp(Tlp newTlp) {
        return new Indicator(type, value, source, confidence, newTlp, distribution, firstSeen, lastSeen, validUntil,
                tags, stixId);
    }

    /** This indicator with another expiry. */
    public Indicator withValidUntil(Instant newValidUntil) {
        return new Indicator(type, value, source, confidence, tlp, distribution, firstSeen, lastSeen,
                Optional.of(newValidUntil), tags, stixId);
    }

    /** This indicator with other first/last seen times. */
    public Indicator withSeen(Optional<Instant> newFirstSeen, Optional<Instant> newLastSeen) {
        return new Indicator(type, value, source, confidence, tlp, distribution, newFirstSeen, newLastSeen,
                validUntil, tags, stixId);
    }

    /** This indicator with other tags. */
    public Indicator withTags(List<String> newTags) {
        return new Indicator(type, value, source, confidence, tlp, distribution, firstSeen, lastSeen, validUntil,
                newTags, stixId);
    }
}
