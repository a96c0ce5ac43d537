package org.medsoc.notify.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.medsoc.notify.DeliveryResult;
import org.medsoc.notify.NotifyErrorCode;
import org.medsoc.notify.Timeouts;
import org.medsoc.notify.TrustStore;
import org.medsoc.spi.error.MedsocException;

/**
 * One channel's HTTP client: connect and request timeouts, an optional trust store, no redirects, and the shared
 * classification of HTTP failures (network error, 5xx, 408 and 429 transient; other statuses permanent).
 */
public final class HttpTransport implements AutoCloseable {
    /** Answers above this size are cut: provider answers are small JSON objects. */
    private static final int MAX_ANSWER_CHARS = 64 * 1024;

    private final HttpClient client;
    private final Timeouts timeouts;
    private final Clock clock;

    public HttpTransport(Timeouts timeouts, Optional<TrustStore> trustStore, Clock clock) {
        this.timeouts = requireNonNull(timeouts, "timeouts is null");
        this.clock = requireNonNull(clock, "clock is null");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER);
        trustStore.ifPresent(t -> builder.sslContext(sslContext(t)));
        this.client = builder.build();
    }

    /** What came back from one exchange: an HTTP answer or a failure that never produced one. */
    public sealed interface Answer permits Response, NoResponse {}

    /** The server answered with {@code status}; {@code body} is decoded as UTF-8. */
    public record Response(int status, HttpHeaders headers, String body) implements Answer {
        /** Whether the status is 2xx. */
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** No answer: connection refused, timeout, TLS failure, interruption. */
    public record NoResponse(DeliveryResult result) implements Answer {}

    /** Sends the request with the configured request timeout. Never throws for network failures. */
    public Answer exchange(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(timeouts.request()).build();
        try {
            HttpResponse<InputStream> response = client.send(built, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_ANSWER_CHARS);
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            return new Response(response.statusCode(), response.headers(), body);
        } catch (HttpConnectTimeoutException e) {
            return new NoResponse(DeliveryResult.transientFailure(
                    "connect to " + endpoint(built) + " timed out after " + timeouts.connect()));
        } catch (HttpTimeoutException e) {
            return new NoResponse(DeliveryResult.transientFailure(
                    "no answer from " + endpoint(built) + " within " + timeouts.request()));
        } catch (ConnectException e) {
            return new NoResponse(DeliveryResult.transientFailure("cannot connect to " + endpoint(built) + ": " + e));
        } catch (SSLException e) {
            return new NoResponse(DeliveryResult.permanentFailure("TLS with " + endpoint(built)
                    + " failed: " + e.getMessage() + "; check the server certificate or configure trust-store"));
        } catch (IOException e) {
            return new NoResponse(DeliveryResult.transientFailure("I/O error talking to " + endpoint(built) + ": " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NoResponse(DeliveryResult.transientFailure("interrupted while sending to " + endpoint(built)));
        }
    }

    /**
     * The result for a non-2xx answer: 429 transient honouring Retry-After, 408 and 5xx transient, others permanent.
     * {@code what} names the provider in the reason.
     */
    public DeliveryResult classifyStatus(String what, Response response) {
        int status = response.status();
        String reason = what + " answered HTTP " + status + snippet(response.body());
        if (status == 429 || status == 503) {
            Optional<Duration> retryAfter = retryAfter(response.headers(), clock.instant());
            return new DeliveryResult.TransientFailure(reason, retryAfter);
        }
        if (status == 408 || status >= 500) {
            return DeliveryResult.transientFailure(reason);
        }
        if (status >= 300 && status < 400) {
            return DeliveryResult.permanentFailure(reason + "; redirects are not followed, configure the final URL");
        }
        return DeliveryResult.permanentFailure(reason);
    }

    /** The Retry-After header as a duration: delta-seconds or an HTTP date; empty when absent or invalid. */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::trim);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** At most 200 characters of an answer, for failure reasons. */
    public static String snippet(String body) {
        if (body.isBlank()) {
            return "";
        }
        String b = body.strip();
        return ": " + (b.length() > 200 ? b.substring(0, 200) + "…" : b);
    }

    private static String endpoint(HttpRequest request) {
        // never the query: DingTalk and WeCom carry their token there
        return request.uri().getScheme() + "://" + request.uri().getAuthority() + request.uri().getPath();
    }

    /** An SSL context trusting exactly the certificates in the trust store. */
    public static SSLContext sslContext(TrustStore trustStore) {
        try (InputStream in = Files.newInputStream(trustStore.path())) {
            KeyStore ks = KeyStore.getInstance(trustStore.type());
            ks.load(in, trustStore.password().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new MedsocException(
                    NotifyErrorCode.TRUST_STORE_NOT_READABLE,
                    "cannot load trust store " + trustStore.path() + " (type " + trustStore.type()
                            + "): " + e.getMessage() + "; check trust-store, trust-store-password and trust-store-type",
                    e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
