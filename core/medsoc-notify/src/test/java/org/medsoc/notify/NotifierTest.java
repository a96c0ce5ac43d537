package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.notify.LoopbackHttpServer.Reply;
import org.medsoc.spi.error.MedsocException;

class NotifierTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private LoopbackHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackHttpServer(r -> r.path().startsWith("/robot")
                ? Reply.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}")
                : Reply.json(200, "{}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Notifier notifier(int perMinute) {
        WebhookChannel hook = WebhookChannel.create(
                "hook",
                WebhookChannel.Config.fromSettings("hook", Settings.of(Map.of("url", server.uri("/hook").toString()))));
        return Notifier.builder().channel(hook, perMinute).ticker(nanos::get).build();
    }

    @Test
    void overTheLimitAnswersTransientWithRetryAfterAndSendsNothing() {
        try (Notifier notifier = notifier(3)) {
            for (int i = 0; i < 3; i++) {
                assertThat(notifier.send("hook", Samples.chinese()).isDelivered()).isTrue();
            }
            DeliveryResult limited = notifier.send("hook", Samples.chinese());

            assertThat(limited).isInstanceOf(DeliveryResult.TransientFailure.class);
            assertThat(((DeliveryResult.TransientFailure) limited).retryAfter()).contains(Duration.ofSeconds(20));
            assertThat(server.received()).hasSize(3);

            nanos.addAndGet(Duration.ofSeconds(20).toNanos());
            assertThat(notifier.send("hook", Samples.chinese()).isDelivered()).isTrue();
            assertThat(notifier.send("hook", Samples.chinese())).isInstanceOf(DeliveryResult.TransientFailure.class);
            assertThat(server.received()).hasSize(4);
        }
    }

    @Test
    void concurrentSendersNeverExceedTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Notifier notifier = notifier(20)) {
            List<Callable<DeliveryResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                tasks.add(() -> notifier.send("hook", Samples.chinese()));
            }
            int delivered = 0;
            int limited = 0;
            for (Future<DeliveryResult> f : pool.invokeAll(tasks)) {
                if (f.get().isDelivered()) {
                    delivered++;
                } else if (f.get() instanceof DeliveryResult.TransientFailure) {
                    limited++;
                }
            }
            assertThat(delivered).isEqualTo(20);
            assertThat(limited).isEqualTo(60);
            assertThat(server.received()).hasSize(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownChannelIsAUserError() {
        try (Notifier notifier = notifier(5)) {
            assertThatThrownBy(() -> notifier.send("pager", Samples.chinese()))
                    .isInstanceOf(MedsocException.class)
                    .hasMessageContaining("'pager'")
                    .hasMessageContaining("[hook]")
                    .satisfies(e -> assertThat(((MedsocException) e).errorCode())
                            .isEqualTo(NotifyErrorCode.UNKNOWN_CHANNEL.toErrorCode()));
        }
    }

    @Test
    void buildsEveryChannelTypeFromSettings() {
        Settings settings = Settings.of(Map.ofEntries(
                Map.entry("notify.channel.ding.type", "dingtalk"),
                Map.entry("notify.channel.ding.access-token", "t"),
                Map.entry("notify.channel.wx.type", "wecom"),
                Map.entry("notify.channel.wx.key", "k"),
                Map.entry("notify.channel.lark.type", "feishu"),
                Map.entry("notify.channel.lark.token", "t"),
                Map.entry("notify.channel.hook.type", "webhook"),
                Map.entry("notify.channel.hook.url", "https://tickets.example/hook"),
                Map.entry("notify.channel.sms.type", "sms"),
                Map.entry("notify.channel.sms.url", "https://sms.example/send"),
                Map.entry("notify.channel.sms.body-template", "{\"to\":\"{phone}\",\"text\":\"{text}\"}"),
                Map.entry("notify.channel.sms.phones", "13800138000"),
                Map.entry("notify.channel.mail.type", "email"),
                Map.entry("notify.channel.mail.host", "smtp.example"),
                Map.entry("notify.channel.mail.from", "soc@example.org"),
                Map.entry("notify.channel.mail.to", "oncall@example.org"),
                Map.entry("other.key", "ignored")));
        try (Notifier notifier = Notifier.fromSettings(settings)) {
            assertThat(notifier.channelNames()).containsExactlyInAnyOrder("ding", "wx", "lark", "hook", "sms", "mail");
            assertThat(notifier.channel("ding").orElseThrow().type()).isEqualTo(ChannelType.DINGTALK);
            assertThat(notifier.channel("wx").orElseThrow().type()).isEqualTo(ChannelType.WECOM);
            assertThat(notifier.channel("lark").orElseThrow().type()).isEqualTo(ChannelType.FEISHU);
            assertThat(notifier.channel("hook").orElseThrow().type()).isEqualTo(ChannelType.WEBHOOK);
            assertThat(notifier.channel("sms").orElseThrow().type()).isEqualTo(ChannelType.SMS);
            EmailChannel mail = (EmailChannel) notifier.channel("mail").orElseThrow();
            assertThat(mail.toString()).contains("port=587").contains("security=STARTTLS");
        }
    }

    @Test
    void dingTalkDefaultsToTwentyMessagesPerMinute() {
        Settings settings = Settings.of(Map.of(
                "notify.channel.ding.type", "dingtalk",
                "notify.channel.ding.url", server.uri("/robot/send").toString(),
                "notify.channel.ding.access-token", "t"));
        try (Notifier notifier = Notifier.fromSettings(settings)) {
            for (int i = 0; i < 20; i++) {
                assertThat(notifier.send("ding", Samples.chinese()).isDelivered()).isTrue();
            }
            assertThat(notifier.send("ding", Samples.chinese())).isInstanceOf(DeliveryResult.TransientFailure.class);
            assertThat(server.received()).hasSize(20);
        }
    }

    @Test
    void configuredRateLimitOverridesTheDefault() {
        Settings settings = Settings.of(Map.of(
                "notify.channel.hook.type", "webhook",
                "notify.channel.hook.url", server.uri("/hook").toString(),
                "notify.channel.hook.rate-limit-per-minute", "2"));
        try (Notifier notifier = Notifier.fromSettings(settings)) {
            assertThat(notifier.send("hook", Samples.chinese()).isDelivered()).isTrue();
            assertThat(notifier.send("hook", Samples.chinese()).isDelivered()).isTrue();
            assertThat(notifier.send("hook", Samples.chinese())).isInstanceOf(DeliveryResult.TransientFailure.class);
        }
    }

    @Test
    void invalidConfigurationNamesTheKey() {
        assertThatThrownBy(() -> Notifier.fromSettings(Settings.of(Map.of("notify.channel.x.type", "pager"))))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("notify.channel.x.type");
        assertThatThrownBy(() -> Notifier.fromSettings(Settings.of(Map.of("notify.channel.x.type", "wecom"))))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("notify.channel.x.key is required");
        assertThatThrownBy(() -> Notifier.fromSettings(Settings.of(
                        Map.of("notify.channel.x.type", "webhook", "notify.channel.x.url", "ftp://host/x"))))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("notify.channel.x.url must be an http or https URL");
    }
}
