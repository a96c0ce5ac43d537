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
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.notify.LoopbackHttpServer.Received;
import org.medsoc.notify.LoopbackHttpServer.Reply;

class FeishuChannelTest {
    private static final String TOKEN = "b6c2c6d7-2e8b-4a3f-9c1e-feishu";
    private static final String SECRET = "fs-secret-Qw3rty";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<Reply> next = new AtomicReference<>(ok());
    private LoopbackHttpServer feishu;

    @BeforeEach
    void start() throws Exception {
        feishu = new LoopbackHttpServer(this::playFeishu);
    }

    @AfterEach
    void stop() {
        feishu.close();
    }

    /** Checks path token, signature (key = timestamp + "\n" + secret, empty data), freshness and msg_type. */
    private Reply playFeishu(Received r) {
        if (!r.path().equals("/open-apis/bot/v2/hook/" + TOKEN)) {
            return Reply.json(404, "{\"code\":19001,\"msg\":\"param invalid: incoming webhook access token invalid\"}");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.bodyBytes());
        } catch (Exception e) {
            return Reply.json(400, "{\"code\":9499,\"msg\":\"Bad Request\"}");
        }
        long timestamp = Long.parseLong(body.path("timestamp").asText("0"));
        boolean fresh = Math.abs(System.currentTimeMillis() / 1000 - timestamp) <= 3600;
        if (!fresh || !expectedSign(timestamp).equals(body.path("sign").asText())) {
            return Reply.json(
                    200, "{\"code\":19021,\"data\":{},\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}");
        }
        boolean shapeOk = switch (body.path("msg_type").asText()) {
            case "text" -> !body.path("content").path("text").asText().isEmpty();
            case "post" -> body.path("content").path("post").path("zh_cn").path("content").isArray();
            case "interactive" -> body.path("card").path("elements").isArray();
            default -> false;
        };
        if (!shapeOk) {
            return Reply.json(200, "{\"code\":19002,\"msg\":\"params error, msg format error\"}");
        }
        return next.get();
    }

    /** Feishu's documented signature, computed here independently of the production code. */
    private static String expectedSign(long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            String key = timestamp + "\n" + SECRET;
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Reply ok() {
        return Reply.json(200, "{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}");
    }

    private FeishuChannel channel(Map<String, String> overrides, Clock clock) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", feishu.uri("/open-apis/bot/v2/hook/").toString());
        m.put("token", TOKEN);
        m.put("secret", SECRET);
        m.putAll(overrides);
        return FeishuChannel.create("feishu", FeishuChannel.Config.fromSettings("feishu", Settings.of(m)), clock);
    }

    private FeishuChannel channel(Map<String, String> overrides) {
        return channel(overrides, Clock.systemUTC());
    }

    @Test
    void deliversSignedInteractiveCardWithChineseIntact() throws Exception {
        try (FeishuChannel channel = channel(Map.of())) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();

            JsonNode body = JSON.readTree(feishu.last().bodyBytes());
            assertThat(body.path("msg_type").asText()).isEqualTo("interactive");
            assertThat(body.path("card").path("header").path("title").path("content").asText())
                    .isEqualTo("[严重] " + Samples.TITLE);
            assertThat(body.path("card").path("header").path("template").asText()).isEqualTo("red");
            assertThat(body.path("card").path("elements").get(0).path("content").asText())
                    .contains("**检测到加密行为**")
                    .contains("[查看详情](https://soc.hospital-a.example/incidents/INC-42)");
        }
    }

    @Test
    void postFormatCarriesLinesAndLink() throws Exception {
        try (FeishuChannel channel = channel(Map.of("format", "post"))) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();

            JsonNode post = JSON.readTree(feishu.last().bodyBytes()).path("content").path("post").path("zh_cn");
            assertThat(post.path("title").asText()).isEqualTo("[严重] " + Samples.TITLE);
            assertThat(post.path("content").get(0).get(0).path("text").asText())
                    .isEqualTo("检测到加密行为，涉及资产：HIS-DB-01（住院系统）。");
            JsonNode link = post.path("content").get(post.path("content").size() - 1).get(0);
            assertThat(link.path("tag").asText()).isEqualTo("a");
            assertThat(link.path("href").asText()).isEqualTo("https://soc.hospital-a.example/incidents/INC-42");
        }
    }

    @Test
    void textFormatIsDelivered() throws Exception {
        try (FeishuChannel channel = channel(Map.of("format", "text"))) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();
            assertThat(JSON.readTree(feishu.last().bodyBytes()).path("content").path("text").asText())
                    .startsWith("[严重] " + Samples.TITLE + "\n" + Samples.TEXT);
        }
    }

    @Test
    void timestampOutsideOneHourIsRejectedByTheServer() {
        // same secret, but a clock an hour and a half behind: the server refuses stale timestamps
        try (FeishuChannel channel = channel(Map.of(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-90)))) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("19021");
        }
    }

    @Test
    void wrongSecretIsPermanent() {
        try (FeishuChannel channel = channel(Map.of("secret", "not-the-secret"))) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason())
                    .contains("19021")
                    .doesNotContain("not-the-secret");
        }
    }

    @Test
    void frequencyControlCodesAreTransient() {
        for (int code : new int[] {11232, 9499}) {
            next.set(Reply.json(200, "{\"code\":" + code + ",\"msg\":\"frequency limited\"}"));
            try (FeishuChannel channel = channel(Map.of())) {
                DeliveryResult result = channel.send(Samples.chinese());

                assertThat(result).isInstanceOf(DeliveryResult.TransientFailure.class);
                assertThat(((DeliveryResult.TransientFailure) result).reason()).contains(Integer.toString(code));
                assertThat(((DeliveryResult.TransientFailure) result).retryAfter()).isPresent();
            }
        }
    }

    @Test
    void badRequestStatusIsPermanent() {
        next.set(Reply.json(400, "{\"code\":9499,\"msg\":\"Bad Request\"}"));
        try (FeishuChannel channel = channel(Map.of())) {
            assertThat(channel.send(Samples.chinese())).isInstanceOf(DeliveryResult.PermanentFailure.class);
        }
    }

    @Test
    void unknownTokenIsPermanent() {
        try (FeishuChannel channel = channel(Map.of("token", "other-token"))) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason()).doesNotContain("other-token");
        }
    }
}
