package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medsoc.identity.Permission;
import org.medsoc.notify.DeliveryResult;
import org.medsoc.notify.Language;
import org.medsoc.notify.Notification;
import org.medsoc.notify.Notifier;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Notification channels configured on the node ({@code notify.channel.<name>.*}).
 *
 * <ul>
 *   <li>{@code GET /api/v1/channels} → each channel's name and kind (never its secrets)</li>
 *   <li>{@code POST /api/v1/channels/{name}/test} {@code {language?: zh|en}} → sends a test message and answers how
 *       the platform took it ({@code delivered}, {@code transient} with the retry hint, or {@code permanent} with the
 *       reason) — the quickest way to check a robot's token, signature secret and keyword</li>
 * </ul>
 */
public final class ChannelsResource implements HttpService {
    private final Notifier notifier;
    private final TenantResolver tenants;

    public ChannelsResource(Notifier notifier, TenantResolver tenants) {
        this.notifier = requireNonNull(notifier, "notifier is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/{name}/test", this::test);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Access.requireOnNode(req, tenants, Permission.PLAYBOOKS_READ);
        List<Map<String, Object>> channels = notifier.channelNames().stream().sorted().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n);
            notifier.channel(n).ifPresent(c -> m.put("type", c.type().name().toLowerCase(Locale.ROOT)));
            return m;
        }).toList();
        IncidentsResource.send(res, Map.of("channels", channels));
    }

    private void test(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = Access.tenant(req, tenants, Permission.PLAYBOOKS_WRITE);
        String name = req.path().pathParameters().get("name");
        if (notifier.channel(name).isEmpty()) {
            throw new MedsocException(org.medsoc.notify.NotifyErrorCode.UNKNOWN_CHANNEL,
                    "no notification channel is named '" + name + "'; configured: " + notifier.channelNames());
        }
        JsonBody body = JsonBody.read(req, Set.of("language"));
        Language language = Language.fromTag(body.optionalString("language").orElse("zh"));
        String user = Access.principal(req).username();
        String title = language == Language.ZH ? "medsoc 测试消息" : "medsoc test message";
        String text = language == Language.ZH
                ? "这是 " + user + " 从 medsoc 发送的测试消息，渠道 " + name + " 工作正常。"
                : "A test message sent by " + user + " from medsoc: channel " + name + " works.";
        Notification n = Notification.builder(tenant, title, text).language(language)
                .dedupeKey("channel-test:" + name + ":" + System.nanoTime()).build();
        DeliveryResult r = notifier.send(name, n);
        Map<String, Object> answer = new LinkedHashMap<>();
        switch (r) {
            case DeliveryResult.Delivered d -> {
                answer.put("result", "delivered");
                d.providerMessageId().ifPresent(id -> answer.put("messageId", id));
            }
            case DeliveryResult.TransientFailure t -> {
                answer.put("result", "transient");
                answer.put("reason", t.reason());
                t.retryAfter().ifPresent(a -> answer.put("retryAfterSeconds", a.toSeconds()));
            }
            case DeliveryResult.PermanentFailure p -> {
                answer.put("result", "permanent");
                answer.put("reason", p.reason());
            }
        }
        IncidentsResource.send(res, answer);
    }
}
