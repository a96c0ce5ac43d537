package org.medsoc.playbook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback: answers each path from a script of responses (the last one repeats, default 200
 * {"ok":true}) and records every request.
 */
final class LoopbackServer implements AutoCloseable {
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    record Response(int status, Map<String, String> headers, String body) {
        static Response of(int status) {
            return new Response(status, Map.of(), status < 300 ? "{\"ok\":true}" : "{\"error\":\"status " + status + "\"}");
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Response>> scripts = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests to a path with these responses in turn; the last one repeats. */
    void script(String path, Response... responses) {
        scripts.put(path, new ArrayDeque<>(List.of(responses)));
    }

    /** Blocks the first request to a path until {@link #release(String)}; {@link #awaitArrival} sees it arrive. */
    void hold(String path) {
        holds.put(path, new CountDownLatch(1));
        arrived.put(path, new CountDownLatch(1));
    }

    boolean awaitArrival(String path, long seconds) throws InterruptedException {
        return arrived.get(path).await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    void release(String path) {
        CountDownLatch l = holds.remove(path);
        if (l != null) {
            l.countDown();
        }
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
        }
        CountDownLatch arrival = arrived.get(path);
        if (arrival != null) {
            arrival.countDown();
        }
        CountDownLatch hold = holds.get(path);
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Response response;
        Deque<Response> script = scripts.get(path);
        synchronized (this) {
            if (script == null || script.isEmpty()) {
                response = Response.of(200);
            } else {
                response = script.size() > 1 ? script.poll() : script.peek();
            }
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client went away (the crash test kills it mid-request)
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        server.stop(0);
    }
}
