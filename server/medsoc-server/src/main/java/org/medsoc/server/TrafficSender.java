package org.medsoc.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;

/** Sends lines to a node the way devices do: RFC 6587 octet-counted syslog over TCP, and HTTP bulk NDJSON. */
final class TrafficSender implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final HttpClient http;
    private final URI ingestUri;
    private final String token;

    TrafficSender(String host, int syslogPort, String baseUrl, String token) throws IOException {
        this.socket = new Socket();
        socket.connect(new InetSocketAddress(host, syslogPort), 5_000);
        socket.setSendBufferSize(1 << 20);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.ingestUri = URI.create(baseUrl + "/api/v1/ingest");
        this.token = token;
    }

    /** Writes one syslog frame with octet counting (RFC 6587 §3.4.1); buffered until {@link #flush()}. */
    void syslog(String line) throws IOException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        out.write(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.write(b);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Posts a batch of lines as NDJSON; returns once the node has made them durable. */
    void bulk(List<String> lines) throws IOException, InterruptedException {
        if (lines.isEmpty()) {
            return;
        }
        String body = String.join("\n", lines) + "\n";
        HttpRequest req = HttpRequest.newBuilder(ingestUri)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new MedsocException(
                    StandardErrorCode.EXTERNAL_FAILURE,
                    "ingest answered " + res.statusCode() + ": " + res.body());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.flush();
        } finally {
            socket.close();
            http.close();
        }
    }
}
