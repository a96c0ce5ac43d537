package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The node's HTTP client to its hub ({@link java.net.http}): enrols, sends report batches and fetches directives,
 * signing every request after enrolment (see {@link RequestSignature}). Transport failures, timeouts and 5xx
 * answers become {@link HubUnavailableException} (retriable); 401 becomes {@link
 * FederationErrorCode#UNAUTHENTICATED} or {@link FederationErrorCode#NODE_REVOKED} with the hub's message; a
 * sequence gap becomes {@link SequenceGapException}.
 */
public final class HubClient {
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    private HubClient(Builder b) {
        String s = b.base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (b.sslContext != null) {
            hb.sslContext(b.sslContext);
        }
        this.http = hb.build();
        this.timeout = b.timeout;
        this.clock = b.clock;
    }

    /** A builder for a client of the hub at {@code base} (scheme, host, port; e.g. {@code https://hub.example:8443}). */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /** Builds a {@link HubClient}. */
    public static final class Builder {
        private final URI base;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private @Nullable SSLContext sslContext;

        private Builder(URI base) {
            this.base = requireNonNull(base, "base is null");
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = requireNonNull(value, "value is null");
            return this;
        }

        /** How long to wait for a whole answer (default 30 s). */
        public Builder timeout(Duration value) {
            this.timeout = requireNonNull(value, "value is null");
            return this;
        }

        /** The clock that stamps signatures (default the system UTC clock). */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "value is null");
            return this;
        }

        /** The TLS context holding the trust store for the hub's certificate (default the JDK's). */
        public Builder sslContext(SSLContext value) {
            this.sslContext = requireNonNull(value, "value is null");
            return this;
        }

        /** The client. */
        public HubClient build() {
            return new HubClient(this);
        }
    }

    /** Exchanges a one-time enrolment code for credentials; {@code firstSequence} is {@link Outbox#firstUnsent()}. */
    public NodeCredentials enrol(String code, long firstSequence) {
        ObjectNode o = Wire.MAPPER.createObjectNode();
        o.put("code", requireNonNull(code, "code is null"));
        o.put("firstSequence", firstSequence);
        String path = HubProtocol.BASE + "/enrol";
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", HubResponse.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.bytes(o))).build();
        JsonNode answer = Wire.tree(send(request, "enrol"), "the hub's enrolment answer");
        try {
            return new NodeCredentials(new NodeId(Wire.requiredText(answer, "nodeId")),
                    TenantId.of(Wire.requiredText(answer, "tenant")), Wire.requiredText(answer, "secret"));
        } catch (IllegalArgumentException | MedsocException e) {
            throw new MedsocException(FederationErrorCode.HUB_PROTOCOL_ERROR,
                    "the hub's enrolment answer is malformed: " + e.getMessage(), e);
        }
    }

    /** Sends a batch of reports; answers the hub's acknowledgement. */
    public InboxAck sendReports(NodeCredentials credentials, List<Report> reports) {
        byte[] body = Wire.reportBatch(reports);
        String path = HubProtocol.BASE + "/reports";
        HttpRequest request = signed(credentials, "POST", path, body)
                .header("Content-Type", HubResponse.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return protocol(() -> Wire.ack(send(request, "send reports")));
    }

    /** Fetches the node's directives after {@code cursor}, at most {@code limit}. */
    public DirectivePage fetchDirectives(NodeCredentials credentials, long cursor, int limit) {
        String path = HubProtocol.BASE + "/directives?after=" + cursor + "&limit=" + limit;
        HttpRequest request = signed(credentials, "GET", path, new byte[0]).GET().build();
        return protocol(() -> Wire.directivePage(send(request, "fetch directives")));
    }

    private HttpRequest.Builder signed(NodeCredentials c, String method, String path, byte[] body) {
        long now = clock.instant().getEpochSecond();
        String nonce = RequestSignature.newNonce();
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header(RequestSignature.NODE, c.nodeId().value())
                .header(RequestSignature.TIMESTAMP, Long.toString(now))
                .header(RequestSignature.NONCE, nonce)
                .header(RequestSignature.SIGNATURE, RequestSignature.sign(c.secret(), method, path, now, nonce, body));
    }

    private byte[] send(HttpRequest request, String what) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new HubUnavailableException("cannot " + what + " at the hub " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubUnavailableException("interrupted while trying to " + what + " at the hub " + base, e);
        }
        int status = response.statusCode();
        byte[] body = response.body();
        if (status == 200) {
            return body;
        }
        String message = errorMessage(body);
        String name = errorName(body);
        if (status == 409 && FederationErrorCode.SEQUENCE_GAP.name().equals(name)) {
            long expected = Wire.requiredLong(Wire.tree(body, "the hub's gap answer"), "expectedSequence");
            throw new SequenceGapException(expected, message);
        }
        if (status == 401) {
            throw new MedsocException(FederationErrorCode.NODE_REVOKED.name().equals(name)
                    ? FederationErrorCode.NODE_REVOKED : FederationErrorCode.UNAUTHENTICATED,
                    "the hub refused to " + what + ": " + message);
        }
        if (status == 403 && FederationErrorCode.ENROLMENT_CODE_INVALID.name().equals(name)) {
            throw new MedsocException(FederationErrorCode.ENROLMENT_CODE_INVALID, message);
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new HubUnavailableException("the hub answered " + status + " to " + what + ": " + message, null);
        }
        throw new MedsocException(FederationErrorCode.HUB_PROTOCOL_ERROR,
                "the hub answered " + status + " to " + what + ": " + message);
    }

    private static String errorMessage(byte[] body) {
        try {
            JsonNode n = Wire.MAPPER.readTree(body);
            if (n != null && n.hasNonNull("message")) {
                return n.get("message").asText();
            }
        } catch (IOException ignored) {
            // not our JSON: fall through to the raw text
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static @Nullable String errorName(byte[] body) {
        try {
            JsonNode n = Wire.MAPPER.readTree(body);
            return n != null && n.hasNonNull("error") ? n.get("error").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static <T> T protocol(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (HubUnavailableException | SequenceGapException e) {
            throw e;
        } catch (MedsocException e) {
            if (e.errorCode().equals(FederationErrorCode.INVALID_REQUEST.toErrorCode())) {
                throw new MedsocException(FederationErrorCode.HUB_PROTOCOL_ERROR,
                        "the hub's answer is malformed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "HubClient[" + base + "]";
    }
}
