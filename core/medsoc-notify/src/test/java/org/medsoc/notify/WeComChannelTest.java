package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.notify.LoopbackHttpServer.Received;
import org.medsoc.notify.LoopbackHttpServer.Reply;

class WeComChannelTest {
    private static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<Reply> next = new AtomicReference<>(ok());
    private LoopbackHttpServer weCom;

    @BeforeEach
    void start() throws Exception {
        weCom = new LoopbackHttpServer(this::playWeCom);
    }

    @AfterEach
    void stop() {
        weCom.close();
    }

    /** Checks the key and the documented payload shape and size limits the way WeCom does. */
    private Reply playWeCom(Received r) {
        if (!r.path().equals("/cgi-bin/webhook/send") || !KEY.equals(r.query("key").orElse(""))) {
            return Reply.json(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}");
        }
        try {
            JsonNode body = JSON.readTree(r.bodyBytes());
            String type = body.path("msgtype").asText();
            String content = body.path(type).path("content").asText();
            int limit = type.equals("markdown") ? 4096 : type.equals("text") ? 2048 : -1;
            if (limit < 0 || content.isEmpty()) {
                return Reply.json(200, "{\"errcode\":40008,\"errmsg\":\"invalid message type\"}");
            }
            if (content.getBytes(StandardCharsets.UTF_8).length > limit) {
                return Reply.json(200, "{\"errcode\":40058,\"errmsg\":\"content exceed max length\"}");
            }
        } catch (Exception e) {
            return Reply.json(200, "{\"errcode\":40001,\"errmsg\":\"invalid json\"}");
        }
        return next.get();
    }

    private static Reply ok() {
        return Reply.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private WeComChannel channel(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", weCom.uri("/cgi-bin/webhook/send").toString());
        m.put("key", KEY);
        m.putAll(overrides);
        return WeComChannel.create("wecom", WeComChannel.Config.fromSettings("wecom", Settings.of(m)));
    }

    @Test
    void deliversMarkdownWithChineseIntact() throws Exception {
        try (WeComChannel channel = channel(Map.of())) {
            assertThat(channel.send(Samples.chinese())).isEqualTo(new DeliveryResult.Delivered(Optional.empty()));

            JsonNode body = JSON.readTree(weCom.last().bodyBytes());
            assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
            assertThat(body.path("markdown").path("content").asText())
                    .startsWith("### [严重] " + Samples.TITLE)
                    .contains("**检测到加密行为**")
                    .contains("[查看详情](https://soc.hospital-a.example/incidents/INC-42)");
        }
    }

    @Test
    void cutsLongMarkdownToTheDocumentedByteLimit() throws Exception {
        String longBody = "告警详情".repeat(2000); // 24,000 UTF-8 bytes
        Notification n = Notification.builder(Samples.TENANT, "大量告警", longBody).build();
        try (WeComChannel channel = channel(Map.of())) {
            assertThat(channel.send(n).isDelivered()).isTrue();

            String content =
                    JSON.readTree(weCom.last().bodyBytes()).path("markdown").path("content").asText();
            assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
            assertThat(content).endsWith("…").doesNotContain("\uFFFD");
        }
    }

    @Test
    void frequencyLimitIsTransient() {
        next.set(Reply.json(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));
        try (WeComChannel channel = channel(Map.of())) {
            assertThat(channel.send(Samples.chinese()))
                    .isEqualTo(new DeliveryResult.TransientFailure(
                            "WeCom rate limit (errcode 45009): api freq out of limit",
                            Optional.of(Duration.ofMinutes(1))));
        }
    }

    @Test
    void wrongKeyIsPermanentAndNotEchoed() {
        try (WeComChannel channel = channel(Map.of("key", "wrong-key-123"))) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason())
                    .contains("93000")
                    .doesNotContain("wrong-key-123");
        }
    }

    @Test
    void serverErrorIsTransient() {
        next.set(Reply.json(503, "busy"));
        try (WeComChannel channel = channel(Map.of())) {
            assertThat(channel.send(Samples.chinese())).isInstanceOf(DeliveryResult.TransientFailure.class);
        }
    }

    @Test
    void textFormatSendsPlainContent() throws Exception {
        try (WeComChannel channel = channel(Map.of("format", "text"))) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();

            JsonNode body = JSON.readTree(weCom.last().bodyBytes());
            assertThat(body.path("text").path("content").asText())
                    .isEqualTo("[严重] " + Samples.TITLE + "\n" + Samples.TEXT
                            + "\n查看详情: https://soc.hospital-a.example/incidents/INC-42");
        }
    }
}
