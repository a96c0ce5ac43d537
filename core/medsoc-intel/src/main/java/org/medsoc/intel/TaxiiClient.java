package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * Polls one TAXII 2.1 collection: {@code GET <collection>/objects/} with {@code added_after} (the
 * {@code X-TAXII-Date-Added-Last} of the previous poll), following {@code next} while the server says {@code more}
 * (or, when it gives no {@code next}, moving {@code added_after} to the page's last date added, as TAXII 2.1
 * prescribes). Sends {@code Accept: application/taxii+json;version=2.1} and a bearer token or basic credentials.
 */
public final class TaxiiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Most pages one poll reads (at the page size, a million objects); the rest comes with the next poll. */
    public static final int MAX_PAGES = 1000;

    private final HttpClient http;
    private final URI objects;
    private final Optional<String> authorization;

    /**
     * A client of the collection at {@code collection} (its URL, ending with the collection id and '/'), sending
     * {@code authorization} (a full {@code Authorization} header value) when present.
     */
    public TaxiiClient(HttpClient http, URI collection, Optional<String> authorization) {
        this.http = requireNonNull(http, "http is null");
        requireNonNull(collection, "collection is null");
        String c = collection.toString();
        this.objects = URI.create((c.endsWith("/") ? c : c + "/") + "objects/");
        this.authorization = requireNonNull(authorization, "authorization is null");
    }

    /** The {@code Authorization} value of a bearer token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The {@code Authorization} value of basic credentials. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What one poll brought: the objects, the {@code added_after} to send next time (the latest date added seen, or
     * the one given when nothing came), and how many pages were read.
     */
    public record Poll(List<JsonNode> objects, Optional<Instant> addedAfter, int pages) {
        public Poll {
            objects = List.copyOf(requireNonNull(objects, "objects is null"));
            requireNonNull(addedAfter, "addedAfter is null");
        }
    }

    /**
     * Reads every object added after {@code addedAfter} (all when empty), {@code limit} per page.
     *
     * @throws MedsocException FEED_UNAVAILABLE naming the URL and the reason (HTTP status and the server's TAXII
     *     error title, an I/O failure) when a page cannot be read; INVALID_TAXII when an answer is not an envelope
     */
    public Poll poll(Optional<Instant> addedAfter, int limit) {
        requireNonNull(addedAfter, "addedAfter is null");
        List<JsonNode> out = new ArrayList<>();
        Optional<Instant> after = addedAfter;
        Optional<Instant> latest = addedAfter;
        String next = null;
        int pages = 0;
        while (pages < MAX_PAGES) {
            StringBuilder q = new StringBuilder("?limit=").append(limit);
            after.ifPresent(t -> q.append("&added_after=").append(enc(StixBundles.stamp(t))));
            if (next != null) {
                q.append("&next=").append(enc(next));
            }
            URI uri = URI.create(objects + q.toString());
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
                    .header("Accept", TaxiiServer.MEDIA_TYPE);
            authorization.ifPresent(a -> b.header("Authorization", a));
            HttpResponse<byte[]> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE, "GET " + uri + " failed: " + e
                        + "; check the collection URL and the network", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE, "interrupted while polling " + uri, e);
            }
            pages++;
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            if (response.statusCode() != 200) {
                String why = body != null && body.has("title") ? ": " + body.path("title").asText() + " – "
                        + body.path("description").asText("") : "";
                throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE, "GET " + uri + " answered HTTP "
                        + response.statusCode() + why + (response.statusCode() == 401 || response.statusCode() == 403
                                ? "; check the feed's token or user and password" : ""));
            }
            if (body == null || !body.isObject()) {
                throw new MedsocException(IntelErrorCode.INVALID_TAXII, "GET " + uri
                        + " did not answer a TAXII envelope (a JSON object); is the URL a TAXII 2.1 collection?");
            }
            for (JsonNode o : body.path("objects")) {
                out.add(o);
            }
            Optional<Instant> last = response.headers().firstValue("X-TAXII-Date-Added-Last").flatMap(t -> {
                try {
                    return Optional.of(Instant.parse(t));
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            });
            if (last.isPresent() && (latest.isEmpty() || last.get().isAfter(latest.get()))) {
                latest = last;
            }
            if (!body.path("more").asBoolean(false)) {
                break;
            }
            if (body.path("next").isTextual() && !body.path("next").asText().isEmpty()) {
                next = body.path("next").asText();
            } else if (last.isPresent() && (after.isEmpty() || last.get().isAfter(after.get()))) {
                next = null;
                after = last;
            } else {
                break; // more, but no way forward: the rest comes with the next poll
            }
        }
        return new Poll(out, latest, pages);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TaxiiClient[" + objects + "]";
    }
}
