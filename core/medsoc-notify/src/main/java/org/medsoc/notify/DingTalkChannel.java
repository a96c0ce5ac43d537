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
import org.medsoc.notify.internal.Signatures;
import org.medsoc.notify.internal.Truncation;
import org.medsoc.notify.internal.Wording;

/**
 * A DingTalk (钉钉) custom group robot. Posts {@code msgtype} markdown or text to {@code url?access_token=…}; when a
 * secret is configured ("加签" security) adds {@code timestamp} (milliseconds) and {@code sign} = URL-encoded
 * Base64(HmacSHA256(secret, timestamp + "\n" + secret)). Answers {@code errcode} 0 is delivered; 130101 ("send too
 * fast", the robot is throttled for 10 minutes) and -1 (busy) are transient; anything else (310000 bad signature,
 * keyword or IP, 300001 bad token) is permanent.
 */
public final class DingTalkChannel implements Channel {
    /** The public endpoint of DingTalk custom robots. */
    public static final String DEFAULT_URL = "https://oapi.dingtalk.com/robot/send";
    /** DingTalk throttles a robot for 10 minutes after it exceeds 20 messages per minute. */
    static final Duration THROTTLE_PENALTY = Duration.ofMinutes(10);
    /** Markdown text limit applied before sending (DingTalk rejects very large bodies). */
    static final int MAX_TEXT_BYTES = 18_000;

    /** The message type sent. */
    public enum Format {
        MARKDOWN,
        TEXT
    }

    /**
     * A DingTalk robot's configuration. Keys under {@code notify.channel.<name>.}: {@code url} (default
     * {@value #DEFAULT_URL}), {@code access-token} (required), {@code secret}, {@code keyword},
     * {@code format} (markdown|text, default markdown), timeouts and trust store.
     */
    public record Config(
            URI url,
            String accessToken,
            Optional<String> secret,
            String keyword,
            Format format,
            Timeouts timeouts,
            Optional<TrustStore> trustStore) {
        public Config {
            requireNonNull(url, "url is null");
            requireNonNull(accessToken, "accessToken is null");
            requireNonNull(secret, "secret is null");
            requireNonNull(keyword, "keyword is null");
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
                    c.required("access-token"),
                    section.find("secret").filter(s -> !s.isBlank()),
                    section.string("keyword", ""),
                    Format.valueOf(format),
                    Timeouts.fromSettings(section),
                    TrustStore.fromSettings(section));
        }

        @Override
        public String toString() {
            return "DingTalkChannel.Config[url=" + url + ", accessToken=***, secret=" + (secret.isPresent() ? "***" : "none")
                    + ", keyword=" + keyword + ", format=" + format + ", timeouts=" + timeouts + ", trustStore="
                    + trustStore + "]";
        }
    }

    private final String name;
    private final Config config;
    private final Clock clock;
    private final HttpTransport http;

    private DingTalkChannel(String name, Config config, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.http = new HttpTransport(config.timeouts(), config.trustStore(), clock);
    }

    /** A channel using the system clock for signature timestamps. */
    public static DingTalkChannel create(String name, Config config) {
        return create(name, config, Clock.systemUTC());
    }

    /** A channel taking signature timestamps from {@code clock}. */
    public static DingTalkChannel create(String name, Config config, Clock clock) {
        return new DingTalkChannel(name, config, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChannelType type() {
        return ChannelType.DINGTALK;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        byte[] body = Json.bytes(payload(notification));
        HttpRequest.Builder request = HttpRequest.newBuilder(target())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return switch (http.exchange(request)) {
            case HttpTransport.NoResponse none -> none.result();
            case HttpTransport.Response response -> classify(response);
        };
    }

    private URI target() {
        StringBuilder query = new StringBuilder("access_token=").append(encode(config.accessToken()));
        config.secret().ifPresent(secret -> {
            long timestamp = clock.millis();
            query.append("&timestamp=").append(timestamp);
            query.append("&sign=").append(encode(Signatures.dingTalk(timestamp, secret)));
        });
        String base = config.url().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    private ObjectNode payload(Notification n) {
        ObjectNode root = Json.object();
        switch (config.format()) {
            case MARKDOWN -> {
                root.put("msgtype", "markdown");
                String text = Wording.withKeyword(Wording.markdown(n, "#### "), config.keyword());
                ObjectNode markdown = root.putObject("markdown");
                markdown.put("title", Wording.titleWithSeverity(n));
                markdown.put("text", Truncation.toUtf8Bytes(text, MAX_TEXT_BYTES));
            }
            case TEXT -> {
                root.put("msgtype", "text");
                String text = Wording.withKeyword(Wording.plain(n), config.keyword());
                root.putObject("text").put("content", Truncation.toUtf8Bytes(text, MAX_TEXT_BYTES));
            }
        }
        return root;
    }

    private DeliveryResult classify(HttpTransport.Response response) {
        if (!response.isSuccess()) {
            return http.classifyStatus("DingTalk", response);
        }
        Optional<JsonNode> answer = Json.parseObject(response.body());
        if (answer.isEmpty() || !answer.get().has("errcode")) {
            return DeliveryResult.permanentFailure("DingTalk answered HTTP " + response.status()
                    + " without errcode" + HttpTransport.snippet(response.body()) + "; check url");
        }
        int code = answer.get().path("errcode").asInt();
        String message = answer.get().path("errmsg").asText("");
        return switch (code) {
            case 0 -> DeliveryResult.delivered();
            case 130101 -> DeliveryResult.transientFailure(
                    "DingTalk rate limit (errcode 130101): " + message, THROTTLE_PENALTY);
            case -1 -> DeliveryResult.transientFailure("DingTalk busy (errcode -1): " + message);
            default -> DeliveryResult.permanentFailure("DingTalk rejected the message (errcode " + code + "): " + message
                    + "; check access-token, secret, keyword and the robot's IP allow-list");
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "DingTalkChannel[" + name + ", " + config + "]";
    }
}
