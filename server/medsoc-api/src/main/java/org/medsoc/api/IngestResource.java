package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.medsoc.identity.Permission;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

/**
 * {@code POST /api/v1/ingest}: bulk ingest of newline-delimited raw lines or JSON objects (NDJSON), or — with
 * {@code Content-Type: application/json} and a body starting with {@code [} — a JSON array of objects.
 *
 * <p>The whole body is validated before anything is appended (a batch is all or nothing), then appended to the
 * journal durably; the answer is {@code 200 {"accepted": n, "lastSequence": s}} only after the fsync. Empty lines are
 * skipped. A body over {@code maxBodyBytes} is a 413, a line over {@code maxMessageBytes} a 400 naming the line.
 * When the journal is full the answer is 503 with {@code Retry-After}.
 */
public final class IngestResource implements HttpService {
    /** The receiver name recorded on every message this endpoint accepts. */
    public static final String RECEIVER = "http";

    private final DurableIngest ingest;
    private final TenantResolver tenants;
    private final int maxBodyBytes;
    private final int maxMessageBytes;
    private final LongSupplier clock;
    private final LongAdder requests = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    public IngestResource(
            DurableIngest ingest, TenantResolver tenants, int maxBodyBytes, int maxMessageBytes, LongSupplier clock) {
        this.ingest = requireNonNull(ingest, "ingest is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.maxBodyBytes = maxBodyBytes;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::ingest);
    }

    /** Counters of this endpoint: requests, messages, bytes, rejected requests. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("requests", requests.sum());
        m.put("messages", messages.sum());
        m.put("bytes", bytes.sum());
        m.put("rejected", rejected.sum());
        return m;
    }

    private void ingest(ServerRequest req, ServerResponse res) throws IOException {
        requests.increment();
        try {
            TenantId tenant = Access.tenant(req, tenants, Permission.EVENTS_INGEST);
            byte[] body = readBody(req);
            String peer = peerOf(req.remotePeer().address());
            long now = clock.getAsLong();
            String contentType = req.headers()
                    .first(HeaderNames.CONTENT_TYPE)
                    .orElse("")
                    .toLowerCase(java.util.Locale.ROOT);
            List<byte[]> lines = isJsonArray(contentType, body) ? jsonArrayItems(body) : lines(body);
            List<RawMessage> batch = new ArrayList<>(lines.size());
            for (byte[] line : lines) {
                batch.add(new RawMessage(tenant, RECEIVER, peer, now, line));
            }
            long last = batch.isEmpty() ? -1 : ingest.appendDurably(batch);
            messages.add(batch.size());
            bytes.add(body.length);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("accepted", batch.size());
            if (last >= 0) {
                answer.put("lastSequence", last);
            }
            EventsResource.sendJson(res, Json.bytes(answer));
        } catch (MedsocException e) {
            rejected.increment();
            throw e;
        }
    }

    private byte[] readBody(ServerRequest req) throws IOException {
        return RequestBodies.read(req, maxBodyBytes, this::tooLarge);
    }

    private MedsocException tooLarge(long size) {
        return new MedsocException(
                ApiErrorCode.BODY_TOO_LARGE,
                "request body of " + size + "+ bytes exceeds the limit of " + maxBodyBytes
                        + " bytes (http.max-body-size); split the batch");
    }

    /** Splits on LF (dropping a CR before it); skips blank lines; rejects over-long lines with their line number. */
    private List<byte[]> lines(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        int lineNo = 1;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i;
                if (end > start && body[end - 1] == '\r') {
                    end--;
                }
                if (!isBlank(body, start, end)) {
                    if (end - start > maxMessageBytes) {
                        throw new MedsocException(
                                ApiErrorCode.INVALID_BODY,
                                "line " + lineNo + " is " + (end - start) + " bytes, over the limit of "
                                        + maxMessageBytes + " bytes (ingest.max-message-size); nothing was accepted");
                    }
                    out.add(Arrays.copyOfRange(body, start, end));
                }
                start = i + 1;
                lineNo++;
            }
        }
        return out;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean isJsonArray(String contentType, byte[] body) {
        if (!contentType.startsWith("application/json")) {
            return false;
        }
        for (byte b : body) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '[';
        }
        return false;
    }

    private List<byte[]> jsonArrayItems(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            p.nextToken(); // START_ARRAY
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new MedsocException(ApiErrorCode.INVALID_BODY, "JSON array is not closed; nothing was accepted");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new MedsocException(
                            ApiErrorCode.INVALID_BODY,
                            "element " + index + " of the JSON array is " + t + ", expected an object; nothing was accepted");
                }
                JsonNode node = Json.MAPPER.readTree(p);
                byte[] item = Json.MAPPER.writeValueAsBytes(node);
                if (item.length > maxMessageBytes) {
                    throw new MedsocException(
                            ApiErrorCode.INVALID_BODY,
                            "element " + index + " is " + item.length + " bytes, over the limit of " + maxMessageBytes
                                    + " bytes (ingest.max-message-size); nothing was accepted");
                }
                out.add(item);
                index++;
            }
            if (p.nextToken() != null) {
                throw new MedsocException(
                        ApiErrorCode.INVALID_BODY, "unexpected content after the JSON array; nothing was accepted");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MedsocException(
                    ApiErrorCode.INVALID_BODY,
                    "body is not a valid JSON array: " + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()
                            + "; nothing was accepted");
        } catch (IOException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "cannot read the JSON body: " + e.getMessage(), e);
        }
        return out;
    }

    static String peerOf(SocketAddress address) {
        if (address instanceof InetSocketAddress isa && isa.getAddress() != null) {
            return isa.getAddress().getHostAddress();
        }
        return "";
    }
}
