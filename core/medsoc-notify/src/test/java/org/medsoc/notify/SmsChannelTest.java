package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.notify.LoopbackHttpServer.Received;
import org.medsoc.notify.LoopbackHttpServer.Reply;
import org.medsoc.spi.error.MedsocException;

class SmsChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<Reply> next =
            new AtomicReference<>(Reply.json(200, "{\"result\":{\"code\":\"OK\",\"bizId\":\"biz-1\"}}"));
    private LoopbackHttpServer gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new LoopbackHttpServer(this::gateway);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** A gateway that refuses messages longer than one SMS of 70 characters including the signature. */
    private Reply gateway(Received r) {
        String text;
        if (r.method().equals("GET")) {
            text = LoopbackHttpServer.Received.params(r.rawQuery()).getOrDefault("msg", List.of("")).get(0);
        } else if (r.header("Content-Type").orElse("").startsWith("application/json")) {
            try {
                text = JSON.readTree(r.bodyBytes()).path("content").asText();
            } catch (Exception e) {
                return Reply.json(400, "{\"result\":{\"code\":\"BAD_JSON\"}}");
            }
        } else {
            text = r.form().getOrDefault("msg", List.of("")).get(0);
        }
        if (("【某医院】" + text).length() > 70) {
            return Reply.json(200, "{\"result\":{\"code\":\"TOO_LONG\"}}");
        }
        return next.get();
    }

    private SmsChannel channel(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", gateway.uri("/sms/send").toString());
        m.put("body-template", "{\"mobile\":\"{phone}\",\"content\":\"{text}\",\"sign\":\"{signature}\"}");
        m.put("phones", "13800138000, 13900139000");
        m.put("signature", "【某医院】");
        m.put("success-field", "result.code");
        m.put("success-value", "OK");
        m.put("message-id-field", "/result/bizId");
        m.putAll(overrides);
        return SmsChannel.create("sms", SmsChannel.Config.fromSettings("sms", Settings.of(m)));
    }

    @Test
    void sendsOneJsonRequestPerPhoneWithTextCutToOneSms() throws Exception {
        try (SmsChannel channel = channel(Map.of())) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isEqualTo(new DeliveryResult.Delivered(Optional.of("biz-1,biz-1")));
            assertThat(gateway.received()).hasSize(2);
            JsonNode first = JSON.readTree(gateway.received().get(0).bodyBytes());
            assertThat(first.path("mobile").asText()).isEqualTo("13800138000");
            assertThat(first.path("sign").asText()).isEqualTo("【某医院】");
            String text = first.path("content").asText();
            assertThat(text).startsWith("[严重] 勒索软件活动").endsWith("…");
            assertThat(SmsText.length("【某医院】" + text)).isEqualTo(70);
            assertThat(JSON.readTree(gateway.received().get(1).bodyBytes()).path("mobile").asText())
                    .isEqualTo("13900139000");
        }
    }

    @Test
    void formBodyIsUrlEncodedUtf8() {
        try (SmsChannel channel = channel(Map.of(
                "body-format", "form", "body-template", "to={phone}&msg={text}", "phones", "13800138000"))) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();

            Received r = gateway.last();
            assertThat(r.form().get("to")).containsExactly("13800138000");
            assertThat(r.form().get("msg").get(0)).startsWith("[严重] 勒索软件活动：HIS");
        }
    }

    @Test
    void getPutsTheTemplateInTheQuery() {
        try (SmsChannel channel = channel(Map.of(
                "method", "GET", "body-format", "form", "body-template", "to={phone}&msg={text}",
                "phones", "13800138000"))) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();
            assertThat(gateway.last().query("msg")).hasValueSatisfying(v -> assertThat(v).startsWith("[严重]"));
        }
    }

    @Test
    void unexpectedSuccessFieldIsPermanentAndMasksPhones() {
        next.set(Reply.json(200, "{\"result\":{\"code\":\"INVALID_SIGNATURE\"}}"));
        try (SmsChannel channel = channel(Map.of())) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason())
                    .contains("INVALID_SIGNATURE")
                    .contains("138****8000")
                    .doesNotContain("13800138000");
        }
    }

    @Test
    void gatewayOutageIsTransient() {
        next.set(Reply.json(500, "down"));
        try (SmsChannel channel = channel(Map.of())) {
            assertThat(channel.send(Samples.chinese())).isInstanceOf(DeliveryResult.TransientFailure.class);
        }
    }

    @Test
    void jsonTemplateEscapesQuotesAndNewlines() throws Exception {
        Notification n = Notification.builder(Samples.TENANT, "a \"quoted\" title", "line1\nline2").build();
        try (SmsChannel channel = channel(Map.of("phones", "13800138000"))) {
            assertThat(channel.send(n).isDelivered()).isTrue();
            assertThat(JSON.readTree(gateway.last().bodyBytes()).path("content").asText())
                    .isEqualTo("[中] a \"quoted\" title\nline1\nline2");
        }
    }

    @Test
    void rejectsGetWithJsonBody() {
        assertThatThrownBy(() -> channel(Map.of("method", "GET")))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("notify.channel.sms.body-format");
    }
}
