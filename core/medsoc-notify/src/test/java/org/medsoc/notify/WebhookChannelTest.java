package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.notify.LoopbackHttpServer.Received;
import org.medsoc.notify.LoopbackHttpServer.Reply;

class WebhookChannelTest {
    private static final String SECRET = "whsec-5d1f0c";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<Reply> next = new AtomicReference<>(new Reply(204, "", Map.of(), Duration.ZERO));
    private LoopbackHttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new LoopbackHttpServer(this::receive);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /** A receiver following the documented contract: fresh timestamp, valid signature over the raw body. */
    private Reply receive(Received r) {
        Optional<String> timestamp = r.header(WebhookChannel.TIMESTAMP_HEADER);
        Optional<String> signature = r.header(WebhookChannel.SIGNATURE_HEADER);
        if (timestamp.isEmpty() || signature.isEmpty()) {
            return Reply.json(401, "{\"error\":\"unsigned\"}");
        }
        long ts = Long.parseLong(timestamp.get());
        if (Math.abs(System.currentTimeMillis() / 1000 - ts) > 300) {
            return Reply.json(401, "{\"error\":\"stale\"}");
        }
        if (!MessageDigest.isEqual(
                expected(ts, r.bodyBytes()).getBytes(StandardCharsets.US_ASCII),
                signature.get().getBytes(StandardCharsets.US_ASCII))) {
            return Reply.json(401, "{\"error\":\"bad signature\"}");
        }
        return next.get();
    }

    private static String expected(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private WebhookChannel channel(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", receiver.uri("/hooks/medsoc").toString());
        m.put("secret", SECRET);
        m.put("header.X-Api-Key", "api-key-123");
        m.put("request-timeout", "2s");
        m.putAll(overrides);
        return WebhookChannel.create("hook", WebhookChannel.Config.fromSettings("hook", Settings.of(m)));
    }

    @Test
    void deliversSignedJsonWithIdempotencyKeyAndExtraHeaders() throws Exception {
        try (WebhookChannel channel = channel(Map.of())) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();

            Received r = receiver.last();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("X-Api-Key")).contains("api-key-123");
            assertThat(r.header(WebhookChannel.IDEMPOTENCY_HEADER)).contains(Samples.chinese().idempotencyId());
            JsonNode body = JSON.readTree(r.bodyBytes());
            assertThat(body.path("title").asText()).isEqualTo(Samples.TITLE);
            assertThat(body.path("text").asText()).isEqualTo(Samples.TEXT);
            assertThat(body.path("tenant").asText()).isEqualTo("hospital-a");
            assertThat(body.path("severity").asText()).isEqualTo("critical");
            assertThat(body.path("language").asText()).isEqualTo("zh");
            assertThat(body.path("dedupeKey").asText()).isEqualTo("incident:INC-42");
            assertThat(body.path("attributes").path("incident.id").asText()).isEqualTo("INC-42");
            assertThat(body.path("id").asText()).isEqualTo(r.header(WebhookChannel.IDEMPOTENCY_HEADER).orElseThrow());
        }
    }

    @Test
    void retriesOfTheSameNotificationCarryTheSameIdempotencyKey() {
        next.set(Reply.json(503, "{\"error\":\"maintenance\"}").withHeader("Retry-After", "30"));
        try (WebhookChannel channel = channel(Map.of())) {
            DeliveryResult first = channel.send(Samples.chinese());
            next.set(Reply.json(200, "{}"));
            DeliveryResult second = channel.send(Samples.chinese());

            assertThat(first).isInstanceOf(DeliveryResult.TransientFailure.class);
            assertThat(((DeliveryResult.TransientFailure) first).retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(second.isDelivered()).isTrue();
            assertThat(receiver.received()).hasSize(2);
            assertThat(receiver.received().get(0).header(WebhookChannel.IDEMPOTENCY_HEADER))
                    .isEqualTo(receiver.received().get(1).header(WebhookChannel.IDEMPOTENCY_HEADER));
        }
    }

    @Test
    void wrongSecretIsPermanent() {
        try (WebhookChannel channel = channel(Map.of("secret", "other-secret"))) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason())
                    .contains("HTTP 401")
                    .contains("bad signature")
                    .doesNotContain("other-secret");
        }
    }

    @Test
    void tooManyRequestsWithHttpDateRetryAfterIsTransient() {
        next.set(Reply.json(429, "").withHeader("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT"));
        try (WebhookChannel channel = channel(Map.of())) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.TransientFailure.class);
            assertThat(((DeliveryResult.TransientFailure) result).retryAfter())
                    .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
        }
    }

    @Test
    void redirectIsNotFollowedAndIsPermanent() {
        next.set(Reply.json(302, "").withHeader("Location", "http://127.0.0.1:1/elsewhere"));
        try (WebhookChannel channel = channel(Map.of())) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void slowReceiverTimesOut() {
        next.set(Reply.json(200, "{}").after(Duration.ofSeconds(3)));
        try (WebhookChannel channel = channel(Map.of("request-timeout", "300ms"))) {
            assertThat(channel.send(Samples.chinese())).isInstanceOf(DeliveryResult.TransientFailure.class);
        }
    }

    @Test
    void toStringShowsHeaderNamesButNoSecrets() {
        try (WebhookChannel channel = channel(Map.of())) {
            assertThat(channel.toString())
                    .contains("X-Api-Key")
                    .doesNotContain("api-key-123")
                    .doesNotContain(SECRET);
        }
    }
}
