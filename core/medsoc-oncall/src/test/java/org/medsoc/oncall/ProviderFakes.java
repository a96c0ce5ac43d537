package org.medsoc.oncall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.medsoc.common.Settings;
import org.medsoc.notify.Channels;
import org.medsoc.notify.Notifier;

/**
 * Real HTTP servers on 127.0.0.1 playing DingTalk (token, timestamp freshness and HMAC-SHA256 signature checked with
 * an implementation independent of the production code), WeCom (webhook key checked) and an SMS gateway. Each
 * accepted message is recorded with its text; a test may script the next answers of a provider.
 */
final class ProviderFakes implements AutoCloseable {
    static final String DING_TOKEN = "ding-token-91";
    static final String DING_SECRET = "SECa1b2c3d4e5f6";
    static final String WECOM_KEY = "wecom-key-5d2e";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message a provider accepted (or rejected on a script): provider name and the visible text. */
    record Message(String provider, String text, int status, String answer) {}

    /** A scripted answer: HTTP status, body and an optional Retry-After. */
    record Answer(int status, String body, @Nullable String retryAfter) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new LinkedHashMap<>();

    ProviderFakes() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/robot/send", ex -> handle(ex, "dingtalk"));
        server.createContext("/cgi-bin/webhook/send", ex -> handle(ex, "wecom"));
        server.createContext("/sms", ex -> handle(ex, "sms"));
        server.setExecutor(executor);
        server.start();
    }

    /** A notifier with channels "ding" (DingTalk), "wecom" (WeCom) and "sms" (SMS gateway) pointing here. */
    Notifier notifier() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Notifier.Builder b = Notifier.builder();
        b.channel(Channels.create("ding", Settings.of(Map.of(
                "type", "dingtalk", "url", base + "/robot/send", "access-token", DING_TOKEN, "secret", DING_SECRET,
                "request-timeout", "3s"))), 1000);
        b.channel(Channels.create("wecom", Settings.of(Map.of(
                "type", "wecom", "url", base + "/cgi-bin/webhook/send", "key", WECOM_KEY, "request-timeout", "3s"))),
                1000);
        b.channel(Channels.create("sms", Settings.of(Map.of(
                "type", "sms", "url", base + "/sms", "phones", "13900000000",
                "body-template", "{\"phone\":\"{phone}\",\"text\":\"{text}\"}", "max-segments", "5",
                "request-timeout", "3s"))), 1000);
        return b.build();
    }

    /** The next answer of a provider, before its checks (used to simulate failures). */
    synchronized void script(String provider, Answer answer) {
        scripts.computeIfAbsent(provider, p -> new ArrayDeque<>()).add(answer);
    }

    private synchronized @Nullable Answer scripted(String provider) {
        Deque<Answer> q = scripts.get(provider);
        return q == null ? null : q.poll();
    }

    /** Accepted messages, in arrival order. */
    List<Message> accepted() {
        return messages.stream().filter(m -> m.status() == 200 && m.answer().contains("\"errcode\":0")
                || m.provider().equals("sms") && m.status() == 200).toList();
    }

    /** Accepted messages of one provider. */
    List<Message> accepted(String provider) {
        return accepted().stream().filter(m -> m.provider().equals(provider)).toList();
    }

    /** Every request, accepted or not. */
    List<Message> all() {
        return List.copyOf(messages);
    }

    private void handle(HttpExchange ex, String provider) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> query = params(ex.getRequestURI().getRawQuery());
            Answer answer = scripted(provider);
            String text = text(provider, body);
            if (answer == null) {
                answer = switch (provider) {
                    case "dingtalk" -> checkDingTalk(query, text);
                    case "wecom" -> WECOM_KEY.equals(query.get("key")) && !text.isBlank()
                            ? new Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}", null)
                            : new Answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}", null);
                    default -> text.isBlank()
                            ? new Answer(400, "{\"error\":\"empty\"}", null)
                            : new Answer(200, "{\"result\":\"ok\"}", null);
                };
            }
            messages.add(new Message(provider, text, answer.status(), answer.body()));
            if (answer.retryAfter() != null) {
                ex.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private static Answer checkDingTalk(Map<String, String> query, String text) {
        if (!DING_TOKEN.equals(query.get("access_token"))) {
            return new Answer(200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}", null);
        }
        String ts = query.get("timestamp");
        String sign = query.get("sign");
        if (ts == null || sign == null) {
            return new Answer(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}", null);
        }
        long timestamp = Long.parseLong(ts);
        if (Math.abs(System.currentTimeMillis() - timestamp) > Duration.ofHours(1).toMillis()
                || !expectedSign(timestamp).equals(sign)) {
            return new Answer(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}", null);
        }
        if (text.isBlank()) {
            return new Answer(200, "{\"errcode\":40035,\"errmsg\":\"missing content\"}", null);
        }
        return new Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}", null);
    }

    /** DingTalk's documented signature, computed here without the production code. */
    static String expectedSign(long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(DING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal((timestamp + "\n" + DING_SECRET).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String text(String provider, byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return switch (provider) {
                case "dingtalk" -> node.path("markdown").path("text").asText(node.path("text").path("content").asText());
                case "wecom" -> node.path("markdown").path("content").asText(node.path("text").path("content").asText());
                default -> node.path("text").asText();
            };
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> params(@Nullable String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
