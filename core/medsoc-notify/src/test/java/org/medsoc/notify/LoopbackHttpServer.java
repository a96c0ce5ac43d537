package org.medsoc.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) standing in for a provider: every request
 * is recorded and answered by a handler that plays the provider, including its signature checks.
 */
final class LoopbackHttpServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Received(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] bodyBytes) {
        String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        /** A query parameter, URL-decoded. */
        Optional<String> query(String name) {
            return params(rawQuery).getOrDefault(name, List.of()).stream().findFirst();
        }

        /** A header value (case-insensitive name). */
        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** The form-encoded body as parameters. */
        Map<String, List<String>> form() {
            return params(body());
        }

        static Map<String, List<String>> params(String raw) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (raw == null || raw.isEmpty()) {
                return out;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
            return out;
        }
    }

    /** The answer: status, JSON or text body, extra headers, and a delay before answering. */
    record Reply(int status, String body, Map<String, String> headers, Duration delay) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json; charset=utf-8"), Duration.ZERO);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, h, delay);
        }

        Reply after(Duration d) {
            return new Reply(status, body, headers, d);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    LoopbackHttpServer(Function<Received, Reply> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> handle(exchange, handler));
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange, Function<Received, Reply> handler) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Received r = new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body);
            received.add(r);
            Reply reply = handler.apply(r);
            if (!reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the client gave up (timeout test); nothing to answer
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the server received no request");
        }
        return received.get(received.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
