package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * A Feishu / Lark (飞书) custom bot. Posts {@code msg_type} text, post (rich text) or interactive (card with a Markdown
 * element) to {@code url + token}; with a secret ("签名校验") the body carries {@code timestamp} (seconds, within one
 * hour of Feishu's clock) and {@code sign} = Base64(HmacSHA256(key = timestamp + "\n" + secret, data = empty)) — key
 * and data the other way round from DingTalk. Answers {@code code} 0 (or legacy {@code StatusCode} 0) is delivered;
 * 11232 and 9499 (frequency control, 100 per minute and 5 per second per bot) are transient; anything else (19021
 * bad signature or stale timestamp, 19022 IP not allowed, 19024 keyword missing) is permanent.
 */
public final class FeishuChannel implements Channel {
    /** The public endpoint prefix of Feishu custom bots; the token follows. */
    public static final String DEFAULT_URL = "https://open.feishu.cn/open-apis/bot/v2/hook/";
    static final Duration RATE_LIMIT_BACKOFF = Duration.ofSeconds(10);
    /** Feishu rejects request bodies above 20 KB; leave room for the JSON around the text. */
    static final int MAX_TEXT_BYTES = 18_000;

    /** The message type sent. */
    public enum Format {
        TEXT,
        POST,
        INTERACTIVE
    }

    /**
     * A Feishu bot's configuration. Keys under {@code notify.channel.<name>.}: {@code url} (default
     * {@value #DEFAULT_URL}), {@code token} (required, last path segment of the webhook), {@code secret},
     * {@code keyword}, {@code format} (text|post|interactive, default interactive), timeouts and trust store.
     */
    public record Config(
            URI url,
            String token,
            Optional<String> secret,
            String keyword,
            Format format,
            Timeouts timeouts,
            Optional<TrustStore> trustStore) {
        public Config {
            requireNonNull(url, "url is null");
            requireNonNull(token, "token is null");
            requireNonNull(secret, "secret is null");
            requireNonNull(keyword, "keyword is null");
            requireNonNull(format, "format is null");
            requireNonNull(timeouts, "timeouts is null");
            requireNonNull(trustStore, "trustStore is null");
        }

        /** Reads a channel's section ({@code notify.channel.<name>.*} with the prefix removed). */
        public static Config fromSettings(String channelName, Settings section) {
            ChannelSection c = new ChannelSection(channelName, section);
            String format = section.string("format", "interactive").toUpperCase(Locale.ROOT);
            if (!format.equals("TEXT") && !format.equals("POST") && !format.equals("INTERACTIVE")) {
                throw c.invalid("format", "is '" + format + "'; expected text, post or interactive");
            }
            return new Config(
                    c.httpUri("url", DEFAULT_URL),
                    c.required("token"),
                    section.find("secret").filter(s -> !s.isBlank()),
                    section.string("keyword", ""),
                    Format.valueOf(format),
                    Timeouts.fromSettings(section),
                    TrustStore.fromSettings(section));
        }

        @Override
        public String toString() {
            return "FeishuChannel.Config[url=" + url + ", token=***, secret=" + (secret.isPresent() ? "***" : "none")
                    + ", keyword=" + keyword + ", format=" + format + ", timeouts=" + timeouts + ", trustStore="
                    + trustStore + "]";
        }
    }

    private final String name;
    private final Config config;
    private final Clock clock;
    private final HttpTransport http;

    private FeishuChannel(String name, Config config, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.http = new HttpTransport(config.timeouts(), config.trustStore(), clock);
    }

    /** A channel using the system clock for signature timestamps. */
    public static FeishuChannel create(String name, Config config) {
        return create(name, config, Clock.systemUTC());
    }

    /** A channel taking signature timestamps from {@code clock}. */
    public static FeishuChannel create(String name, Config config, Clock clock) {
        return new FeishuChannel(name, config, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChannelType type() {
        return ChannelType.FEISHU;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        String base = config.url().toString();
        URI target = URI.create(base + (base.endsWith("/") ? "" : "/")
                + URLEncoder.encode(config.token(), StandardCharsets.UTF_8));
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
        config.secret().ifPresent(secret -> {
            long timestamp = clock.instant().getEpochSecond();
            root.put("timestamp", Long.toString(timestamp));
            root.put("sign", Signatures.feishu(timestamp, secret));
        });
        String keyword = config.keyword();
        switch (config.format()) {
            case TEXT -> {
                root.put("msg_type", "text");
                String text = Truncation.toUtf8Bytes(Wording.withKeyword(Wording.plain(n), keyword), MAX_TEXT_BYTES);
                root.putObject("content").put("text", text);
            }
            case POST -> {
                root.put("msg_type", "post");
                ObjectNode body = root.putObject("content")
                        .putObject("post")
                        .putObject(n.language() == Language.ZH ? "zh_cn" : "en_us");
                body.put("title", Wording.titleWithSeverity(n));
                ArrayNode lines = body.putArray("content");
                String text = Truncation.toUtf8Bytes(Wording.withKeyword(n.text(), keyword), MAX_TEXT_BYTES);
                for (String line : text.split("\n", -1)) {
                    lines.addArray().addObject().put("tag", "text").put("text", line);
                }
                n.link().ifPresent(l -> lines.addArray()
                        .addObject()
                        .put("tag", "a")
                        .put("text", Wording.linkLabel(n.language()))
                        .put("href", l.toString()));
            }
            case INTERACTIVE -> {
                root.put("msg_type", "interactive");
                ObjectNode card = root.putObject("card");
                ObjectNode header = card.putObject("header");
                header.putObject("title").put("tag", "plain_text").put("content", Wording.titleWithSeverity(n));
                header.put("template", colour(n.severity()));
                StringBuilder md = new StringBuilder(n.markdown());
                n.link().ifPresent(l -> md.append("\n\n[")
                        .append(Wording.linkLabel(n.language()))
                        .append("](")
                        .append(l)
                        .append(')'));
                String content = Truncation.toUtf8Bytes(Wording.withKeyword(md.toString(), keyword), MAX_TEXT_BYTES);
                card.putArray("elements").addObject().put("tag", "markdown").put("content", content);
            }
        }
        return root;
    }

    private static String colour(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "red";
            case HIGH -> "orange";
            case MEDIUM -> "yellow";
            case LOW -> "blue";
            case INFO -> "grey";
        };
    }

    private DeliveryResult classify(HttpTransport.Response response) {
        if (!response.isSuccess()) {
            return http.classifyStatus("Feishu", response);
        }
        Optional<JsonNode> parsed = Json.parseObject(response.body());
        if (parsed.isEmpty() || !(parsed.get().has("code") || parsed.get().has("StatusCode"))) {
            return DeliveryResult.permanentFailure("Feishu answered HTTP " + response.status() + " without code"
                    + HttpTransport.snippet(response.body()) + "; check url");
        }
        JsonNode answer = parsed.get();
        int code = answer.has("code") ? answer.path("code").asInt() : answer.path("StatusCode").asInt();
        String message = answer.has("msg") ? answer.path("msg").asText("") : answer.path("StatusMessage").asText("");
        return switch (code) {
            case 0 -> DeliveryResult.delivered();
            case 11232, 9499 -> DeliveryResult.transientFailure(
                    "Feishu frequency control (code " + code + "): " + message, RATE_LIMIT_BACKOFF);
            default -> DeliveryResult.permanentFailure("Feishu rejected the message (code " + code + "): " + message
                    + "; check token, secret, keyword, the bot's IP allow-list and the server clock");
        };
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "FeishuChannel[" + name + ", " + config + "]";
    }
}
