package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * How to read a MISP feed: the {@code source} name given to its indicators, the TLP of events without a TLP tag,
 * the confidence given to all (MISP attributes carry none), an optional time to live after an attribute's last
 * sighting (its {@code validUntil}), and whether attributes not flagged {@code to_ids} are taken too.
 */
public record MispOptions(
        String source, Tlp defaultTlp, int confidence, Optional<Duration> timeToLive, boolean includeNonIds) {
    public MispOptions {
        requireNonNull(source, "source is null");
        requireNonNull(defaultTlp, "defaultTlp is null");
        requireNonNull(timeToLive, "timeToLive is null");
        if (confidence < 0 || confidence > 100) {
            throw new MedsocException(IntelErrorCode.INVALID_INDICATOR, "confidence " + confidence + " is outside 0..100");
        }
    }

    /** Options with TLP AMBER, {@link Indicator#DEFAULT_CONFIDENCE}, no expiry and only {@code to_ids} attributes. */
    public static MispOptions defaults(String source) {
        return new MispOptions(source, Tlp.AMBER, Indicator.DEFAULT_CONFIDENCE, Optional.empty(), false);
    }
}
