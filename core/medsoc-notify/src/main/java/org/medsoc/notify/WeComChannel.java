package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.medsoc.common.Settings;
import org.medsoc.notify.internal.ChannelSection;
import org.medsoc.notify.internal.HttpTransport;
import org.medsoc.notify.internal.Json;
import org.medsoc.notify.internal.Truncation;
import org.medsoc.notify.internal.Wording;

/**
 * A WeCom (企业微信) group robot. Posts {@code {"msgtype":"markdown","markdown":{"content":…}}} (or text) to
 * {@code url?key=…}. Answers {@code errcode} 0 is delivered; 45009 (API frequency limit; a robot may send 20 messages
 * per minute) and -1 (busy) are transient; anything else (93000 invalid webhook key, 40008 bad message, …) is
 * permanent. Markdown content is cut to 4096 UTF-8 bytes and text to 2048, the documented limits.
 */
public final class WeComChannel implements Channel {
    /** The public endpoint of WeCom group robots. */
    public static final String DEFAULT_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send";
    /** WeCom's robot quota is per minute. */
    static final Duration RATE_LIMIT_BACKOFF = Duration.ofMinutes(1);
    static final int MAX_MARKDOWN_BYTES = 4096;
    static final int MAX_TEXT_BYTES = 2048;

    /** The message type sent. */
    public enum Format {
        MARKDOWN,
        TEXT
    }

    /**
     * A WeCom robot's configuration. Keys under {@code notify.channel.<name>.}: {@code url} (default
     * {@value #DEFAULT_URL}), {@code key} (required, the robot's webhook key), {@code format} (markdown|text),
     * timeouts and trust store.
     */
    public record Config(URI url, String key, Format format, Timeouts timeouts, Optional<TrustStore> trustStore) {
        public Config {
            requireNonNull(url, "url is null");
            requireNonNull(key, "key is null");
            requireNonNull(format, "format is null");
            requireNonNull(timeouts, "timeouts is null");
            requireNonNull(trustStore, "trustStore is null");
        }

        /** Reads a channel's section ({@code notify.channel.<name>.*} with the prefix removed). */
        public static Config fromSettings(String channelName, Settings section) {
            ChannelSection c = new ChannelSection(channelName, section);
            String format = section.string("format", "markdown").toUpperCase(Locale.ROOT);
            if (!format.equals("MARKDOWN") && !format.equals("TEXT")) {
                throw c.invalid("format", "is '" + format + "'; expected markdown or text");
            }
            return new Config(
                    c.httpUri("url", DEFAULT_URL),
                    c.required("key"),
                    Format.valueOf(format),
                    Timeouts.fromSettings(section),
                    TrustStore.fromSettings(section));
        }

        @Override
        public String toString() {
            return "WeComChannel.Config[url=" + url + ", key=***, format=" + format + ", timeouts=" + timeouts
                    + ", trustStore=" + trustStore + "]";
        }
    }

    private final String name;
    private final Config config;
    private final HttpTransport http;

    private WeComChannel(String name, Config config, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.http = new HttpTransport(config.timeouts(), config.trustStore(), clock);
    }

    /** A channel for one WeCom robot. */
    public static WeComChannel create(String name, Config config) {
        return new WeComChannel(name, config, Clock.systemUTC());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WECOM;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        String base = config.url().toString();
        URI target = URI.create(base + (base.contains("?") ? "&" : "?") + "key="
                + URLEncoder.encode(config.key(), StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(payload(notification))));
        return switch (http.exchange(request)) {
            case HttpTransport.NoResponse none -> none.result();
            case HttpTransport.Response response -> classify(response);
        };
    }

    private ObjectNode payload(Notification n) {
        ObjectNode root = Json.object();
        switch (config.format()) {
            case MARKDOWN -> {
                root.put("msgtype", "markdown");
                root.putObject("markdown")
                        .put("content", Truncation.toUtf8Bytes(Wording.markdown(n, "### "), MAX_MARKDOWN_BYTES));
            }
            case TEXT -> {
                root.put("msgtype", "text");
                root.putObject("text").put("content", Truncation.toUtf8Bytes(Wording.plain(n), MAX_TEXT_BYTES));
            }
        }
        return root;
    }

    private DeliveryResult classify(HttpTransport.Response response) {
        if (!response.isSuccess()) {
            return http.classifyStatus("WeCom", response);
        }
        Optional<JsonNode> answer = Json.parseObject(response.body());
        if (answer.isEmpty() || !answer.get().has("errcode")) {
            return DeliveryResult.permanentFailure("WeCom answered HTTP " + response.status() + " without errcode"
                    + HttpTransport.snippet(response.body()) + "; check url");
        }
        int code = answer.get().path("errcode").asInt();
        String message = answer.get().path("errmsg").asText("");
        return switch (code) {
            case 0 -> DeliveryResult.delivered();
            case 45009 -> DeliveryResult.transientFailure(
                    "WeCom rate limit (errcode 45009): " + message, RATE_LIMIT_BACKOFF);
            case -1 -> DeliveryResult.transientFailure("WeCom busy (errcode -1): " + message);
            default -> DeliveryResult.permanentFailure(
                    "WeCom rejected the message (errcode " + code + "): " + message + "; check key and message format");
        };
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "WeComChannel[" + name + ", " + config + "]";
    }
}
