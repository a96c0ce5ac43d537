package org.medsoc.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medsoc.spi.error.MedsocException;

/**
 * The JSON of federation: report and directive bodies, and the envelopes exchanged over HTTP. Unknown properties
 * are ignored so that a newer peer can add fields.
 */
final class Wire {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Wire() {}

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST,
                    "cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "cannot write JSON: " + e, e);
        }
    }

    static JsonNode tree(byte[] body, String what) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MedsocException(FederationErrorCode.INVALID_REQUEST, what + " must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST,
                    what + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    static JsonNode tree(String json, String what) {
        return tree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), what);
    }

    static ReportBody reportBody(ReportType type, String payload) {
        Class<? extends ReportBody> c = switch (type) {
            case INCIDENT_OPENED -> ReportBody.IncidentOpened.class;
            case INCIDENT_UPDATED -> ReportBody.IncidentUpdated.class;
            case INCIDENT_CLOSED -> ReportBody.IncidentClosed.class;
            case RISK_SUMMARY -> ReportBody.RiskSummary.class;
            case POSTURE -> ReportBody.Posture.class;
            case HEARTBEAT -> ReportBody.Heartbeat.class;
            case TRACE_RESULT -> ReportBody.TraceResult.class;
            case WARNING_ACK -> ReportBody.WarningAck.class;
            case WARNING_DISPOSED -> ReportBody.WarningDisposed.class;
            case SHARED_INDICATORS -> ReportBody.SharedIndicators.class;
        };
        return read(payload, c, type + " report");
    }

    static DirectiveBody directiveBody(DirectiveType type, String payload) {
        Class<? extends DirectiveBody> c = switch (type) {
            case WARNING -> DirectiveBody.Warning.class;
            case RULE_PACK -> DirectiveBody.RulePack.class;
            case INDICATOR_SET -> DirectiveBody.IndicatorSet.class;
            case POLICY -> DirectiveBody.Policy.class;
            case TRACE_QUERY -> DirectiveBody.TraceQuery.class;
        };
        return read(payload, c, type + " directive");
    }

    private static <T> T read(String payload, Class<T> c, String what) {
        try {
            return MAPPER.readValue(payload, c);
        } catch (IOException | RuntimeException e) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST,
                    "the payload of the " + what + " is not readable: " + firstLine(rootMessage(e)), e);
        }
    }

    // ---------------------------------------------------------------- envelopes

    /** {@code {"reports":[{"sequence":1,"type":"HEARTBEAT","createdAt":"…","payload":{…}}, …]}} */
    static byte[] reportBatch(List<Report> reports) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("reports");
        for (Report r : reports) {
            ObjectNode o = array.addObject();
            o.put("sequence", r.sequence());
            o.put("type", r.type().name());
            o.put("createdAt", r.createdAt().toString());
            o.set("payload", tree(r.payload(), "the payload of report " + r.sequence()));
        }
        return bytes(root);
    }

    static List<Report> reportBatch(byte[] body, int maxReports, int maxPayloadBytes) {
        JsonNode root = tree(body, "the report batch");
        JsonNode array = root.get("reports");
        if (array == null || !array.isArray()) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST,
                    "the report batch needs an array 'reports'");
        }
        if (array.size() > maxReports) {
            throw new MedsocException(FederationErrorCode.PAYLOAD_TOO_LARGE,
                    "a report batch holds at most " + maxReports + " reports, this one " + array.size()
                            + "; send smaller batches");
        }
        List<Report> reports = new ArrayList<>(array.size());
        for (JsonNode o : array) {
            long sequence = requiredLong(o, "sequence");
            ReportType type = enumValue(ReportType.class, requiredText(o, "type"), "report type");
            Instant createdAt = instant(requiredText(o, "createdAt"), "createdAt");
            JsonNode payload = o.get("payload");
            if (payload == null || !payload.isObject()) {
                throw new MedsocException(FederationErrorCode.INVALID_REQUEST,
                        "report " + sequence + " needs an object 'payload'");
            }
            String text = payload.toString();
            if (text.length() > maxPayloadBytes) {
                throw new MedsocException(FederationErrorCode.PAYLOAD_TOO_LARGE, "the payload of report " + sequence
                        + " has " + text.length() + " characters; the limit is " + maxPayloadBytes);
            }
            try {
                reports.add(new Report(sequence, type, createdAt, text));
            } catch (IllegalArgumentException e) {
                throw new MedsocException(FederationErrorCode.INVALID_REQUEST, e.getMessage(), e);
            }
        }
        return reports;
    }

    static byte[] ack(InboxAck ack) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("highestApplied", ack.highestApplied());
        o.put("applied", ack.applied());
        o.put("duplicates", ack.duplicates());
        ArrayNode rejected = o.putArray("rejected");
        ack.rejected().forEach(rejected::add);
        return bytes(o);
    }

    static InboxAck ack(byte[] body) {
        JsonNode o = tree(body, "the hub's acknowledgement");
        List<Long> rejected = new ArrayList<>();
        JsonNode r = o.get("rejected");
        if (r != null && r.isArray()) {
            r.forEach(n -> rejected.add(n.asLong()));
        }
        return new InboxAck(requiredLong(o, "highestApplied"), (int) requiredLong(o, "applied"),
                (int) requiredLong(o, "duplicates"), rejected);
    }

    /** {@code {"directives":[{"id":7,"position":3,"type":"WARNING","createdAt":"…","payload":{…}}],"cursor":3,"more":false}} */
    static byte[] directivePage(List<StoredDirective> directives, long cursor, boolean more) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("directives");
        for (StoredDirective d : directives) {
            ObjectNode o = array.addObject();
            o.put("id", d.id());
            o.put("position", d.position());
            o.put("type", d.type());
            o.put("createdAt", d.createdAt().toString());
            o.set("payload", tree(d.payload(), "the payload of directive " + d.id()));
        }
        root.put("cursor", cursor);
        root.put("more", more);
        return bytes(root);
    }

    /** A directive as stored: the payload is kept as text so a node can skip types it does not know. */
    record StoredDirective(long id, long position, String type, Instant createdAt, String payload) {}

    static DirectivePage directivePage(byte[] body) {
        JsonNode root = tree(body, "the directive page");
        JsonNode array = root.get("directives");
        if (array == null || !array.isArray()) {
            throw new MedsocException(FederationErrorCode.HUB_PROTOCOL_ERROR,
                    "the hub's directive page has no array 'directives'");
        }
        List<Directive> directives = new ArrayList<>(array.size());
        for (JsonNode o : array) {
            DirectiveType type = enumValue(DirectiveType.class, requiredText(o, "type"), "directive type");
            JsonNode payload = o.get("payload");
            directives.add(new Directive(requiredLong(o, "id"), requiredLong(o, "position"),
                    instant(requiredText(o, "createdAt"), "createdAt"),
                    directiveBody(type, payload == null ? "{}" : payload.toString())));
        }
        JsonNode more = root.get("more");
        return new DirectivePage(directives, requiredLong(root, "cursor"), more != null && more.asBoolean());
    }

    static byte[] error(FederationErrorCode code, String message) {
        return error(code.toErrorCode().name(), code.toErrorCode().code(), message);
    }

    /** {@code {"error":"SEQUENCE_GAP","code":252706819,"message":"…"}} */
    static byte[] error(String name, int code, String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", name);
        o.put("code", code);
        o.put("message", message);
        return bytes(o);
    }

    static long requiredLong(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "'" + field + "' must be an integer");
        }
        return n.asLong();
    }

    static String requiredText(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "'" + field + "' must be a string");
        }
        return n.asText();
    }

    static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST,
                    "'" + field + "' must be an ISO-8601 instant such as 2026-11-25T08:00:00Z, was '" + text + "'", e);
        }
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String text, String what) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST, "unknown " + what + " '" + text + "'", e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    static String firstLine(@org.jspecify.annotations.Nullable String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
