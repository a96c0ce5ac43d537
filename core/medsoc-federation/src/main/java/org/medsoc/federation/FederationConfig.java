package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/**
 * Federation settings ({@code federation.*}). The hub master key is read separately ({@link
 * HubMasterKey#fromSettings}) because it is a secret.
 *
 * @param hubUrl node: the hub to report to ({@code federation.hub-url}); absent means the node is standalone
 * @param connectTimeout node: {@code federation.connect-timeout} (default 10 s)
 * @param requestTimeout node: {@code federation.request-timeout} (default 30 s)
 * @param batchSize node: reports per batch, {@code federation.outbox.batch-size} (default 200)
 * @param pageSize node: directives per fetch, {@code federation.directives.page-size} (default 100)
 * @param backoff node: {@code federation.link.interval} (5 s), {@code federation.link.retry-initial} (1 s),
 *     {@code federation.link.retry-max} (2 min)
 * @param outboxRetention node: how long sent reports are kept for resending, {@code federation.outbox.retention}
 *     (default 7 days)
 * @param clockSkew hub: allowed request timestamp skew, {@code federation.hub.clock-skew} (default 5 min)
 * @param enrolmentCodeValidity hub: {@code federation.hub.enrolment-code-validity} (default 24 h)
 * @param silentAfter hub: a node without heartbeat this long is silent, {@code federation.hub.silent-after}
 *     (default 15 min)
 */
public record FederationConfig(Optional<URI> hubUrl, Duration connectTimeout, Duration requestTimeout, int batchSize,
        int pageSize, Backoff backoff, Duration outboxRetention, Duration clockSkew, Duration enrolmentCodeValidity,
        Duration silentAfter) {
    /** Checks the values. */
    public FederationConfig {
        requireNonNull(hubUrl, "hubUrl is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(backoff, "backoff is null");
        requireNonNull(outboxRetention, "outboxRetention is null");
        requireNonNull(clockSkew, "clockSkew is null");
        requireNonNull(enrolmentCodeValidity, "enrolmentCodeValidity is null");
        requireNonNull(silentAfter, "silentAfter is null");
        if (batchSize < 1 || batchSize > HubProtocol.MAX_BATCH) {
            throw invalid("federation.outbox.batch-size must be 1 to " + HubProtocol.MAX_BATCH + ", was " + batchSize);
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw invalid("federation.directives.page-size must be 1 to 1000, was " + pageSize);
        }
        if (clockSkew.isNegative() || clockSkew.isZero()) {
            throw invalid("federation.hub.clock-skew must be positive, was " + clockSkew);
        }
    }

    /** The defaults. */
    public static FederationConfig defaults() {
        return fromSettings(Settings.empty());
    }

    /** Reads the {@code federation.*} keys. */
    public static FederationConfig fromSettings(Settings settings) {
        Optional<URI> hub = settings.find("federation.hub-url").map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> {
                    try {
                        URI u = URI.create(s);
                        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                            throw invalid("federation.hub-url must be an http(s) URL, was '" + s + "'");
                        }
                        return u;
                    } catch (IllegalArgumentException e) {
                        throw invalid("federation.hub-url is not a URL: '" + s + "'");
                    }
                });
        Backoff d = Backoff.defaults();
        Backoff backoff;
        try {
            backoff = new Backoff(settings.duration("federation.link.interval", d.interval()),
                    settings.duration("federation.link.retry-initial", d.initial()),
                    settings.duration("federation.link.retry-max", d.max()));
        } catch (IllegalArgumentException e) {
            throw invalid("federation.link.*: " + e.getMessage());
        }
        return new FederationConfig(hub,
                settings.duration("federation.connect-timeout", Duration.ofSeconds(10)),
                settings.duration("federation.request-timeout", Duration.ofSeconds(30)),
                settings.integer("federation.outbox.batch-size", 200),
                settings.integer("federation.directives.page-size", 100),
                backoff,
                settings.duration("federation.outbox.retention", Duration.ofDays(7)),
                settings.duration("federation.hub.clock-skew", HubAuthenticator.DEFAULT_SKEW),
                settings.duration("federation.hub.enrolment-code-validity", Duration.ofHours(24)),
                settings.duration("federation.hub.silent-after", Duration.ofMinutes(15)));
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, message);
    }
}
