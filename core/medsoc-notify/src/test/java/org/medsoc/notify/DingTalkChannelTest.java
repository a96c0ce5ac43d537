package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
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

class DingTalkChannelTest {
    private static final String TOKEN = "robot-token-7f3a";
    private static final String SECRET = "SEC0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the fake answers once the request passed DingTalk's checks. */
    private final AtomicReference<Reply> next = new AtomicReference<>(ok());
    private volatile String requiredKeyword = "";
    private LoopbackHttpServer dingTalk;

    @BeforeEach
    void start() throws Exception {
        dingTalk = new LoopbackHttpServer(this::playDingTalk);
    }

    @AfterEach
    void stop() {
        dingTalk.close();
    }

    /** Checks token, timestamp freshness, signature, payload shape and keyword the way DingTalk does. */
    private Reply playDingTalk(Received r) {
        if (!r.method().equals("POST") || !r.path().equals("/robot/send")) {
            return Reply.json(404, "{\"errcode\":404,\"errmsg\":\"not found\"}");
        }
        if (!TOKEN.equals(r.query("access_token").orElse(""))) {
            return Reply.json(200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");
        }
        Optional<String> timestamp = r.query("timestamp");
        Optional<String> sign = r.query("sign");
        if (timestamp.isEmpty() || sign.isEmpty()) {
            return Reply.json(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        }
        long ts = Long.parseLong(timestamp.get());
        if (Math.abs(System.currentTimeMillis() - ts) > Duration.ofHours(1).toMillis()) {
            return Reply.json(200, "{\"errcode\":310000,\"errmsg\":\"sign not match, more than 1 hour\"}");
        }
        if (!expectedSign(ts, SECRET).equals(sign.get())) {
            return Reply.json(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.bodyBytes());
        } catch (Exception e) {
            return Reply.json(200, "{\"errcode\":40035,\"errmsg\":\"invalid json\"}");
        }
        String content = switch (body.path("msgtype").asText()) {
            case "markdown" -> body.path("markdown").path("title").asText().isBlank()
                    ? ""
                    : body.path("markdown").path("text").asText();
            case "text" -> body.path("text").path("content").asText();
            default -> "";
        };
        if (content.isBlank()) {
            return Reply.json(200, "{\"errcode\":40035,\"errmsg\":\"缺少参数 json\"}");
        }
        if (!requiredKeyword.isEmpty() && !content.contains(requiredKeyword)) {
            return Reply.json(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}");
        }
        return next.get();
    }

    /** The signature computed independently of the production code, per DingTalk's documentation. */
    private static String expectedSign(long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Reply ok() {
        return Reply.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private DingTalkChannel channel(Map<String, String> overrides, Clock clock) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", "dingtalk");
        m.put("url", dingTalk.uri("/robot/send").toString());
        m.put("access-token", TOKEN);
        m.put("secret", SECRET);
        m.put("request-timeout", "2s");
        m.putAll(overrides);
        return DingTalkChannel.create("ops", DingTalkChannel.Config.fromSettings("ops", Settings.of(m)), clock);
    }

    private DingTalkChannel channel() {
        return channel(Map.of(), Clock.systemUTC());
    }

    @Test
    void deliversSignedMarkdownWithChineseIntact() throws Exception {
        try (DingTalkChannel channel = channel()) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isEqualTo(new DeliveryResult.Delivered(Optional.empty()));
            assertThat(dingTalk.received()).hasSize(1);
            Received r = dingTalk.last();
            assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("utf-8"));
            JsonNode body = JSON.readTree(r.bodyBytes());
            assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
            assertThat(body.path("markdown").path("title").asText()).isEqualTo("[严重] " + Samples.TITLE);
            assertThat(body.path("markdown").path("text").asText())
                    .startsWith("#### [严重] " + Samples.TITLE)
                    .contains("**检测到加密行为**", "- 处置：立即隔离")
                    .endsWith("[查看详情](https://soc.hospital-a.example/incidents/INC-42)");
        }
    }

    @Test
    void wrongSecretIsPermanentAndReasonHoldsNoSecret() {
        try (DingTalkChannel channel = channel(Map.of("secret", "SECwrong"), Clock.systemUTC())) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            String reason = ((DeliveryResult.PermanentFailure) result).reason();
            assertThat(reason).contains("310000").doesNotContain("SECwrong").doesNotContain(TOKEN);
        }
    }

    @Test
    void timestampOlderThanOneHourIsRejectedByTheServer() {
        Clock twoHoursSlow = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        try (DingTalkChannel channel = channel(Map.of(), twoHoursSlow)) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("more than 1 hour");
        }
    }

    @Test
    void sendTooFastIsTransientWithTheTenMinuteThrottle() {
        next.set(Reply.json(200, "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}"));
        try (DingTalkChannel channel = channel()) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result)
                    .isEqualTo(new DeliveryResult.TransientFailure(
                            "DingTalk rate limit (errcode 130101): send too fast, exceed 20 times per minute",
                            Optional.of(Duration.ofMinutes(10))));
        }
    }

    @Test
    void serverErrorIsTransient() {
        next.set(Reply.json(502, "<html>bad gateway</html>"));
        try (DingTalkChannel channel = channel()) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.TransientFailure.class);
            assertThat(((DeliveryResult.TransientFailure) result).reason()).contains("HTTP 502");
        }
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        next.set(Reply.json(429, "").withHeader("Retry-After", "7"));
        try (DingTalkChannel channel = channel()) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.TransientFailure.class);
            assertThat(((DeliveryResult.TransientFailure) result).retryAfter()).contains(Duration.ofSeconds(7));
        }
    }

    @Test
    void slowAnswerTimesOutAsTransient() {
        next.set(ok().after(Duration.ofSeconds(3)));
        try (DingTalkChannel channel = channel(Map.of("request-timeout", "300ms"), Clock.systemUTC())) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.TransientFailure.class);
            assertThat(((DeliveryResult.TransientFailure) result).reason())
                    .contains("no answer")
                    .doesNotContain(TOKEN);
        }
    }

    @Test
    void refusedConnectionIsTransient() throws Exception {
        String url;
        try (LoopbackHttpServer gone = new LoopbackHttpServer(r -> ok())) {
            url = gone.uri("/robot/send").toString();
        }
        try (DingTalkChannel channel = channel(Map.of("url", url), Clock.systemUTC())) {
            assertThat(channel.send(Samples.chinese())).isInstanceOf(DeliveryResult.TransientFailure.class);
        }
    }

    @Test
    void textFormatAppendsTheRequiredKeyword() throws Exception {
        requiredKeyword = "medsoc告警";
        try (DingTalkChannel channel = channel(Map.of("format", "text", "keyword", "medsoc告警"), Clock.systemUTC())) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();

            JsonNode body = JSON.readTree(dingTalk.last().bodyBytes());
            assertThat(body.path("msgtype").asText()).isEqualTo("text");
            assertThat(body.path("text").path("content").asText())
                    .startsWith("[严重] " + Samples.TITLE + "\n" + Samples.TEXT)
                    .endsWith("medsoc告警");
        }
    }

    @Test
    void missingKeywordIsPermanent() {
        requiredKeyword = "medsoc告警";
        try (DingTalkChannel channel = channel()) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("keywords not in content");
        }
    }

    @Test
    void configToStringMasksTokenAndSecret() {
        try (DingTalkChannel channel = channel()) {
            assertThat(channel.toString()).doesNotContain(TOKEN).doesNotContain(SECRET).contains("***");
        }
    }
}
