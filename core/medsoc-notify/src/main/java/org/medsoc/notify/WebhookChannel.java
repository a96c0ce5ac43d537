package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.medsoc.common.Settings;
import org.medsoc.notify.internal.ChannelSection;
import org.medsoc.notify.internal.HttpTransport;
import org.medsoc.notify.internal.Json;
import org.medsoc.notify.internal.Signatures;

/**
 * A generic HTTP endpoint (ticketing system, on-call tool, in-house bridge). POSTs the notification as JSON with
 * headers {@value #TIMESTAMP_HEADER} (epoch seconds), {@value #SIGNATURE_HEADER} = {@code sha256=} + hex
 * HMAC-SHA256(secret, timestamp + "." + body) when a secret is configured, and {@value #IDEMPOTENCY_HEADER} =
 * {@link Notification#idempotencyId()} (equal across retries of the same notification). Any 2xx is delivered; 429,
 * 408 and 5xx are transient; other statuses are permanent. Redirects are not followed.
 *
 * <p>Receivers should recompute the signature over the raw body and reject timestamps older than a few minutes.
 */
public final class WebhookChannel implements Channel {
    public static final String TIMESTAMP_HEADER = "X-Medsoc-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Medsoc-Signature";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    /**
     * A webhook's configuration. Keys under {@code notify.channel.<name>.}: {@code url} (required), {@code secret},
     * {@code header.<Name>} (extra headers, for example an API key; values are never printed), timeouts and trust
     * store.
     */
    public record Config(
            URI url,
            Optional<String> secret,
            Map<String, String> headers,
            Timeouts timeouts,
            Optional<TrustStore> trustStore) {
        public Config {
            requireNonNull(url, "url is null");
            requireNonNull(secret, "secret is null");
            headers = Map.copyOf(requireNonNull(headers, "headers is null"));
            requireNonNull(timeouts, "timeouts is null");
            requireNonNull(trustStore, "trustStore is null");
        }

        /** Reads a channel's section ({@code notify.channel.<name>.*} with the prefix removed). */
        public static Config fromSettings(String channelName, Settings section) {
            ChannelSection c = new ChannelSection(channelName, section);
            return new Config(
                    c.httpUri("url", ""),
                    section.find("secret").filter(s -> !s.isBlank()),
                    c.headers(),
                    Timeouts.fromSettings(section),
                    TrustStore.fromSettings(section));
        }

        @Override
        public String toString() {
            return "WebhookChannel.Config[url=" + url + ", secret=" + (secret.isPresent() ? "***" : "none")
                    + ", headers=" + headers.keySet() + ", timeouts=" + timeouts + ", trustStore=" + trustStore + "]";
        }
    }

    private final String name;
    private final Config config;
    private final Clock clock;
    private final HttpTransport http;

    private WebhookChannel(String name, Config config, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.http = new HttpTransport(config.timeouts(), config.trustStore(), clock);
    }

    /** A channel using the system clock for timestamps. */
    public static WebhookChannel create(String name, Config config) {
        return create(name, config, Clock.systemUTC());
    }

    /** A channel taking timestamps from {@code clock}. */
    public static WebhookChannel create(String name, Config config, Clock clock) {
        return new WebhookChannel(name, config, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        long timestamp = clock.instant().getEpochSecond();
        String id = notification.idempotencyId();
        byte[] body = Json.bytes(payload(notification, id, timestamp));
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .header("Content-Type", "application/json; charset=utf-8")
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(IDEMPOTENCY_HEADER, id)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.secret().ifPresent(s -> request.header(SIGNATURE_HEADER, Signatures.webhook(timestamp, body, s)));
        config.headers().forEach(request::header);
        return switch (http.exchange(request)) {
            case HttpTransport.NoResponse none -> none.result();
            case HttpTransport.Response response -> response.isSuccess()
                    ? new DeliveryResult.Delivered(response.headers().firstValue("X-Request-Id"))
                    : http.classifyStatus("webhook " + config.url().getHost(), response);
        };
    }

    private static ObjectNode payload(Notification n, String id, long timestamp) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("timestamp", timestamp);
        root.put("tenant", n.tenant().value());
        root.put("severity", n.severity().name().toLowerCase(java.util.Locale.ROOT));
        root.put("language", n.language().tag());
        root.put("title", n.title());
        root.put("text", n.text());
        root.put("markdown", n.markdown());
        n.html().ifPresent(h -> root.put("html", h));
        n.link().ifPresent(l -> root.put("link", l.toString()));
        root.put("dedupeKey", n.dedupeKey());
        ObjectNode attributes = root.putObject("attributes");
        n.attributes().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> attributes.put(e.getKey(), e.getValue()));
        return root;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "WebhookChannel[" + name + ", " + config + "]";
    }
}
