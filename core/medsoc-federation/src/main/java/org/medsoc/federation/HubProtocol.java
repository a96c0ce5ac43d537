package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medsoc.spi.error.ErrorType;
import org.medsoc.spi.error.MedsocException;

/**
 * The hub's federation endpoint, independent of any HTTP server: the server hands over method, request target,
 * headers and body, and sends back the status and JSON body. Routes (all under {@value #BASE}):
 * <ul>
 *   <li>{@code POST /federation/v1/enrol} (unsigned) {@code {"code":"K7QM-…","firstSequence":1}} → 200 {@code
 *       {"nodeId":"node-…","tenant":"h1","secret":"…"}}</li>
 *   <li>{@code POST /federation/v1/reports} (signed) {@code {"reports":[{"sequence":n,"type":"HEARTBEAT",
 *       "createdAt":"…","payload":{…}}]}} → 200 {@code {"highestApplied":n,"applied":k,"duplicates":d,
 *       "rejected":[…]}}, or 409 {@code {"error":"SEQUENCE_GAP",…,"expectedSequence":e}}</li>
 *   <li>{@code GET /federation/v1/directives?after=c&limit=n} (signed) → 200 {@code {"directives":[{"id":…,
 *       "position":…,"type":"WARNING","createdAt":"…","payload":{…}}],"cursor":c2,"more":false}}</li>
 * </ul>
 * Failures answer {@code {"error":NAME,"code":n,"message":"…"}} with 400, 401, 404, 405, 409, 413 or 500.
 */
public final class HubProtocol {
    /** The path prefix of every route. */
    public static final String BASE = "/federation/v1";
    /** The most bytes a request body may have. */
    public static final int MAX_BODY = 8 * 1024 * 1024;
    /** The most reports in one batch. */
    public static final int MAX_BATCH = 1000;
    /** The longest JSON payload of one report, in characters. */
    public static final int MAX_REPORT_PAYLOAD = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(HubProtocol.class.getName());

    private final NodeRegistry registry;
    private final HubAuthenticator authenticator;
    private final Inbox inbox;
    private final Directives directives;

    /** Creates the endpoint over the hub's services. */
    public HubProtocol(NodeRegistry registry, HubAuthenticator authenticator, Inbox inbox, Directives directives) {
        this.registry = requireNonNull(registry, "registry is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.directives = requireNonNull(directives, "directives is null");
    }

    /** Handles one request; never throws. */
    public HubResponse handle(HubRequest request) {
        requireNonNull(request, "request is null");
        String target = request.pathWithQuery();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        String method = request.method();
        try {
            if (request.body().length > MAX_BODY) {
                throw new MedsocException(FederationErrorCode.PAYLOAD_TOO_LARGE, "a request body may have at most "
                        + MAX_BODY + " bytes, this one " + request.body().length);
            }
            return switch (path) {
                case BASE + "/enrol" -> {
                    requireMethod(method, "POST", path);
                    yield enrol(request.body());
                }
                case BASE + "/reports" -> {
                    requireMethod(method, "POST", path);
                    MemberNode node = authenticator.verify(method, target, request.headers(), request.body());
                    List<Report> batch = Wire.reportBatch(request.body(), MAX_BATCH, MAX_REPORT_PAYLOAD);
                    yield new HubResponse(200, Wire.ack(inbox.apply(node.nodeId(), batch)));
                }
                case BASE + "/directives" -> {
                    requireMethod(method, "GET", path);
                    MemberNode node = authenticator.verify(method, target, request.headers(), request.body());
                    Map<String, String> params = query(query);
                    long after = longParam(params, "after", 0);
                    int limit = (int) longParam(params, "limit", 100);
                    Directives.StoredPage page = directives.fetchStored(node.nodeId(), after, limit);
                    yield new HubResponse(200, Wire.directivePage(page.directives(), page.cursor(), page.more()));
                }
                default -> new HubResponse(404, Wire.error(FederationErrorCode.NOT_FOUND,
                        "no federation route " + path + "; routes are " + BASE + "/enrol, /reports, /directives"));
            };
        } catch (SequenceGapException e) {
            ObjectNode body = (ObjectNode) Wire.tree(Wire.error(FederationErrorCode.SEQUENCE_GAP, e.getMessage()),
                    "error");
            body.put("expectedSequence", e.expectedSequence());
            return new HubResponse(409, Wire.bytes(body));
        } catch (MedsocException e) {
            int status = status(e);
            if (status >= 500) {
                LOG.log(System.Logger.Level.ERROR, "federation request " + method + " " + path + " failed", e);
            }
            return new HubResponse(status, Wire.error(e.errorCode().name(), e.errorCode().code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "federation request " + method + " " + path + " failed", e);
            return new HubResponse(500, Wire.error("GENERIC_INTERNAL_ERROR", 0x0001_0000,
                    "the hub failed to handle the request; see the hub's log"));
        }
    }

    private HubResponse enrol(byte[] body) {
        JsonNode o = Wire.tree(body, "the enrolment request");
        String code = Wire.requiredText(o, "code");
        JsonNode first = o.get("firstSequence");
        long firstSequence = first == null ? 1 : Wire.requiredLong(o, "firstSequence");
        NodeCredentials c = registry.enrol(code, firstSequence);
        ObjectNode out = Wire.MAPPER.createObjectNode();
        out.put("nodeId", c.nodeId().value());
        out.put("tenant", c.tenant().value());
        out.put("secret", c.secret());
        return new HubResponse(200, Wire.bytes(out));
    }

    private static int status(MedsocException e) {
        for (FederationErrorCode c : FederationErrorCode.values()) {
            if (c.toErrorCode().equals(e.errorCode())) {
                return switch (c) {
                    case UNAUTHENTICATED, NODE_REVOKED -> 401;
                    case ENROLMENT_CODE_INVALID -> 403;
                    case SEQUENCE_GAP, INVALID_TRANSITION -> 409;
                    case PAYLOAD_TOO_LARGE -> 413;
                    case INVALID_REQUEST -> 400;
                    case NOT_FOUND -> 404;
                    case METHOD_NOT_ALLOWED -> 405;
                    case MASTER_KEY_INVALID, NOT_ENROLLED, REPORTS_LOST, CRYPTO_FAILURE, HUB_PROTOCOL_ERROR,
                            DIRECTIVE_FAILED -> 500;
                    case HUB_UNAVAILABLE -> 503;
                };
            }
        }
        ErrorType type = e.errorCode().type();
        return switch (type) {
            case USER -> 400;
            case INTERNAL -> 500;
            case EXTERNAL, INSUFFICIENT_RESOURCES -> 503;
        };
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equalsIgnoreCase(expected)) {
            throw new MedsocException(FederationErrorCode.METHOD_NOT_ALLOWED,
                    path + " accepts " + expected + ", not " + method);
        }
    }

    private static Map<String, String> query(String query) {
        Map<String, String> params = new TreeMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            params.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static long longParam(Map<String, String> params, String name, long defaultValue) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MedsocException(FederationErrorCode.INVALID_REQUEST,
                    "query parameter " + name + " must be an integer, was '" + v + "'", e);
        }
    }

    static Map<String, String> caseInsensitive(Map<String, String> headers) {
        if (headers instanceof TreeMap<String, String> t && t.comparator() == String.CASE_INSENSITIVE_ORDER) {
            return t;
        }
        TreeMap<String, String> t = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        t.putAll(headers);
        return t;
    }
}
