package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.common.Settings;
import org.medsoc.notify.internal.ChannelSection;
import org.medsoc.notify.internal.HttpTransport;
import org.medsoc.notify.internal.Json;
import org.medsoc.notify.internal.Wording;

/**
 * An SMS gateway reached over HTTP (a hospital's SMS cat/modem service or a carrier gateway). For each configured phone
 * number, renders {@code body-template} with {@code {phone}}, {@code {text}} and {@code {signature}} — JSON-escaped for
 * {@code body-format=json}, URL-encoded for {@code form} — and sends it with {@code method} (for GET the rendered form
 * becomes the query string). Success is HTTP 2xx and, when {@code success-field} is set, the answer's JSON field
 * (dotted path or JSON pointer) equal to {@code success-value}. The text is title plus body, cut by {@link SmsText} to
 * {@code max-segments} SMS with the signature counted.
 *
 * <p>One request per phone: when some phones fail, the result is the worst one (transient before permanent) and its
 * reason names the failed numbers masked; a retry resends to every phone.
 */
public final class SmsChannel implements Channel {

    /** How the body template is encoded. */
    public enum BodyFormat {
        JSON,
        FORM
    }

    /**
     * An SMS gateway's configuration. Keys under {@code notify.channel.<name>.}: {@code url} (required),
     * {@code method} (POST|PUT|GET, default POST), {@code body-format} (json|form, default json),
     * {@code body-template} (required), {@code phones} (required, comma-separated), {@code signature},
     * {@code max-segments} (default 1), {@code success-field}, {@code success-value}, {@code message-id-field},
     * {@code header.<Name>}, timeouts and trust store.
     */
    public record Config(
            URI url,
            String method,
            BodyFormat bodyFormat,
            String bodyTemplate,
            List<String> phones,
            String signature,
            int maxSegments,
            Optional<String> successField,
            String successValue,
            Optional<String> messageIdField,
            Map<String, String> headers,
            Timeouts timeouts,
            Optional<TrustStore> trustStore) {
        public Config {
            requireNonNull(url, "url is null");
            requireNonNull(method, "method is null");
            requireNonNull(bodyFormat, "bodyFormat is null");
            requireNonNull(bodyTemplate, "bodyTemplate is null");
            phones = List.copyOf(requireNonNull(phones, "phones is null"));
            requireNonNull(signature, "signature is null");
            requireNonNull(successField, "successField is null");
            requireNonNull(successValue, "successValue is null");
            requireNonNull(messageIdField, "messageIdField is null");
            headers = Map.copyOf(requireNonNull(headers, "headers is null"));
            requireNonNull(timeouts, "timeouts is null");
            requireNonNull(trustStore, "trustStore is null");
            if (phones.isEmpty()) {
                throw new IllegalArgumentException("an SMS channel needs at least one phone number");
            }
            // fails early when the signature leaves no room
            SmsText.truncate("", maxSegments, SmsText.length(signature));
        }

        /** Reads a channel's section ({@code notify.channel.<name>.*} with the prefix removed). */
        public static Config fromSettings(String channelName, Settings section) {
            ChannelSection c = new ChannelSection(channelName, section);
            String method = section.string("method", "POST").toUpperCase(Locale.ROOT);
            if (!method.equals("POST") && !method.equals("PUT") && !method.equals("GET")) {
                throw c.invalid("method", "is '" + method + "'; expected POST, PUT or GET");
            }
            String format = section.string("body-format", "json").toUpperCase(Locale.ROOT);
            if (!format.equals("JSON") && !format.equals("FORM")) {
                throw c.invalid("body-format", "is '" + format + "'; expected json or form");
            }
            if (method.equals("GET") && format.equals("JSON")) {
                throw c.invalid("body-format", "must be form when method is GET (the template becomes the query)");
            }
            List<String> phones = c.list("phones");
            if (phones.isEmpty()) {
                throw c.invalid("phones", "is required: comma-separated phone numbers");
            }
            int maxSegments = section.integer("max-segments", 1);
            if (maxSegments < 1 || maxSegments > 10) {
                throw c.invalid("max-segments", "is " + maxSegments + "; expected 1 to 10");
            }
            String signature = section.string("signature", "");
            if (SmsText.capacity(maxSegments) - SmsText.length(signature) <= 1) {
                throw c.invalid("signature", "leaves no room for text in " + maxSegments + " SMS");
            }
            return new Config(
                    c.httpUri("url", ""),
                    method,
                    BodyFormat.valueOf(format),
                    c.required("body-template"),
                    phones,
                    signature,
                    maxSegments,
                    section.find("success-field").filter(s -> !s.isBlank()),
                    section.string("success-value", ""),
                    section.find("message-id-field").filter(s -> !s.isBlank()),
                    c.headers(),
                    Timeouts.fromSettings(section),
                    TrustStore.fromSettings(section));
        }

        @Override
        public String toString() {
            return "SmsChannel.Config[url=" + url + ", method=" + method + ", bodyFormat=" + bodyFormat + ", phones="
                    + phones.stream().map(SmsChannel::mask).toList() + ", maxSegments=" + maxSegments
                    + ", successField=" + successField + ", successValue=" + successValue + ", headers="
                    + headers.keySet() + ", timeouts=" + timeouts + ", trustStore=" + trustStore + "]";
        }
    }

    private final String name;
    private final Config config;
    private final HttpTransport http;

    private SmsChannel(String name, Config config, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.http = new HttpTransport(config.timeouts(), config.trustStore(), clock);
    }

    /** A channel for one SMS gateway. */
    public static SmsChannel create(String name, Config config) {
        return new SmsChannel(name, config, Clock.systemUTC());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SMS;
    }

    /** The SMS text for a notification: severity, title and body, cut to the configured segments. */
    public String text(Notification n) {
        String full = Wording.titleWithSeverity(n) + "\n" + n.text();
        return SmsText.truncate(full, config.maxSegments(), SmsText.length(config.signature()));
    }

    @Override
    public DeliveryResult send(Notification notification) {
        String text = text(notification);
        List<String> ids = new ArrayList<>();
        List<String> transientFailures = new ArrayList<>();
        List<String> permanentFailures = new ArrayList<>();
        Optional<Duration> retryAfter = Optional.empty();
        for (String phone : config.phones()) {
            DeliveryResult result = sendOne(phone, text);
            switch (result) {
                case DeliveryResult.Delivered d -> d.providerMessageId().ifPresent(ids::add);
                case DeliveryResult.TransientFailure t -> {
                    transientFailures.add(mask(phone) + ": " + t.reason());
                    if (t.retryAfter().isPresent()) {
                        retryAfter = t.retryAfter();
                    }
                }
                case DeliveryResult.PermanentFailure p -> permanentFailures.add(mask(phone) + ": " + p.reason());
            }
        }
        if (!transientFailures.isEmpty()) {
            List<String> all = new ArrayList<>(transientFailures);
            all.addAll(permanentFailures);
            return new DeliveryResult.TransientFailure(String.join("; ", all), retryAfter);
        }
        if (!permanentFailures.isEmpty()) {
            return DeliveryResult.permanentFailure(String.join("; ", permanentFailures));
        }
        return ids.isEmpty() ? DeliveryResult.delivered() : DeliveryResult.delivered(String.join(",", ids));
    }

    private DeliveryResult sendOne(String phone, String text) {
        boolean json = config.bodyFormat() == BodyFormat.JSON;
        String rendered = render(config.bodyTemplate(), phone, text, config.signature(), json);
        HttpRequest.Builder request;
        if (config.method().equals("GET")) {
            String base = config.url().toString();
            request = HttpRequest.newBuilder(URI.create(base + (base.contains("?") ? "&" : "?") + rendered)).GET();
        } else {
            request = HttpRequest.newBuilder(config.url())
                    .header(
                            "Content-Type",
                            json ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded; charset=utf-8")
                    .method(config.method(), HttpRequest.BodyPublishers.ofString(rendered, StandardCharsets.UTF_8));
        }
        config.headers().forEach(request::header);
        return switch (http.exchange(request)) {
            case HttpTransport.NoResponse none -> none.result();
            case HttpTransport.Response response -> classify(response);
        };
    }

    private DeliveryResult classify(HttpTransport.Response response) {
        if (!response.isSuccess()) {
            return http.classifyStatus("SMS gateway", response);
        }
        Optional<JsonNode> answer = Json.parseObject(response.body());
        Optional<String> id = answer.flatMap(a -> config.messageIdField().flatMap(f -> Json.at(a, f)))
                .map(JsonNode::asText);
        if (config.successField().isEmpty()) {
            return new DeliveryResult.Delivered(id);
        }
        String field = config.successField().get();
        Optional<String> value = answer.flatMap(a -> Json.at(a, field)).map(JsonNode::asText);
        if (value.isPresent() && value.get().equals(config.successValue())) {
            return new DeliveryResult.Delivered(id);
        }
        return DeliveryResult.permanentFailure("SMS gateway answered HTTP " + response.status() + " with " + field + "="
                + value.orElse("<missing>") + " instead of " + config.successValue()
                + HttpTransport.snippet(response.body()));
    }

    /** Substitutes the placeholders in one pass, encoding each value for the body format. */
    static String render(String template, String phone, String text, String signature, boolean json) {
        StringBuilder out = new StringBuilder(template.length() + text.length() * 2);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                break;
            }
            int close = template.indexOf('}', open + 1);
            if (close < 0) {
                break;
            }
            String key = template.substring(open + 1, close);
            @Nullable String value = switch (key) {
                case "phone" -> phone;
                case "text" -> text;
                case "signature" -> signature;
                default -> null;
            };
            if (value == null) {
                out.append(template, i, open + 1);
                i = open + 1;
                continue;
            }
            out.append(template, i, open);
            out.append(json ? Json.escapeString(value) : URLEncoder.encode(value, StandardCharsets.UTF_8));
            i = close + 1;
        }
        out.append(template, i, template.length());
        return out.toString();
    }

    static String mask(String phone) {
        if (phone.length() <= 4) {
            return "****";
        }
        int keepStart = Math.min(3, phone.length() - 4);
        return phone.substring(0, keepStart) + "****" + phone.substring(phone.length() - 4);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "SmsChannel[" + name + ", " + config + "]";
    }
}
