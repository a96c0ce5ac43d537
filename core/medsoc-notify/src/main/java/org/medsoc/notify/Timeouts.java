package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.medsoc.common.Settings;

/**
 * How long a channel waits: {@code connect} to open a connection, {@code request} for the whole exchange after that
 * (for SMTP: each read and write). Keys {@code connect-timeout} and {@code request-timeout}, defaults 5 s and 10 s.
 */
public record Timeouts(Duration connect, Duration request) {
    /** 5 seconds to connect, 10 seconds per request. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

    public Timeouts {
        requireNonNull(connect, "connect is null");
        requireNonNull(request, "request is null");
        if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: connect=" + connect + ", request=" + request);
        }
    }

    /** Reads {@code connect-timeout} and {@code request-timeout} from a channel's section. */
    public static Timeouts fromSettings(Settings section) {
        return new Timeouts(
                section.duration("connect-timeout", DEFAULT.connect), section.duration("request-timeout", DEFAULT.request));
    }
}
