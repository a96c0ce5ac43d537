package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.medsoc.audit.Actor;
import org.medsoc.audit.AuditEntry;
import org.medsoc.audit.Outcome;
import org.medsoc.identity.Principal;
import org.medsoc.intel.TaxiiResponse;
import org.medsoc.intel.TaxiiServer;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventStore;

/**
 * Assembles the HTTP routing of a node: authentication, the {@code /api/v1} resources, health and metrics, and the
 * mapping of every failure to an RFC 9457 problem.
 *
 * <p>{@code /health}, the OpenAPI document and login are public; {@code /metrics} is public unless {@code
 * metricsPublic} is false; everything else under {@code /api} needs {@code Authorization: Bearer <token>}, whose
 * caller (a {@link Principal}) the resources check permissions against. Every change and every search is audited
 * with the caller, the tenant acted on, the path, the query and the outcome.
 */
public final class ApiRouting {
    private static final System.Logger LOG = System.getLogger(ApiRouting.class.getName());
    /** Where the OpenAPI description of the API is served (without authentication). */
    public static final String OPENAPI_PATH = "/api/v1/openapi.yaml";
    /** Where callers log in (without a token). */
    public static final String LOGIN_PATH = "/api/v1/auth/login";

    private ApiRouting() {}

    /**
     * What the routing serves.
     *
     * @param store the event store searched by the events and dead-letter resources
     * @param ingest where bulk ingest appends durably
     * @param authenticator turns bearer tokens into callers
     * @param tenants resolves the tenant of a request
     * @param audit records every change and every search
     * @param health a snapshot of component health; {@code status} must be {@code UP} or {@code DOWN}
     * @param metrics Prometheus text exposition
     * @param metricsPublic whether /metrics answers without a token
     * @param maxBodyBytes limit of an ingest request body
     * @param maxMessageBytes limit of one ingested line
     * @param clock epoch-millis clock for relative times and receive stamps
     */
    public record Components(
            EventStore store,
            DurableIngest ingest,
            Authenticator authenticator,
            TenantResolver tenants,
            AuditTrail audit,
            Supplier<Map<String, Object>> health,
            Supplier<String> metrics,
            boolean metricsPublic,
            int maxBodyBytes,
            int maxMessageBytes,
            LongSupplier clock) {
        public Components {
            requireNonNull(store, "store is null");
            requireNonNull(ingest, "ingest is null");
            requireNonNull(authenticator, "authenticator is null");
            requireNonNull(tenants, "tenants is null");
            requireNonNull(audit, "audit is null");
            requireNonNull(health, "health is null");
            requireNonNull(metrics, "metrics is null");
            requireNonNull(clock, "clock is null");
        }
    }

    /** A routing builder serving the components; the caller may add more routes before building. */
    public static HttpRouting.Builder create(Components c) {
        IngestResource ingest =
                new IngestResource(c.ingest(), c.tenants(), c.maxBodyBytes(), c.maxMessageBytes(), c.clock());
        HttpRouting.Builder b = HttpRouting.builder();
        b.addFilter((chain, req, res) -> {
            String path = instance(req);
            boolean open = path.equals("/health") || path.equals(OPENAPI_PATH) || path.equals(LOGIN_PATH)
                    || (c.metricsPublic() && path.equals("/metrics"))
                    // the web console's files (everything outside /api, /metrics and /taxii2) are public; its data is not
                    || !(path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics")
                            || path.startsWith("/taxii2"));
            if (open) {
                chain.proceed();
                return;
            }
            Optional<Principal> principal = bearer(req).flatMap(c.authenticator()::authenticate);
            if (principal.isEmpty()) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"medsoc\"");
                if (path.equals("/taxii2") || path.startsWith("/taxii2/")) {
                    // TAXII clients expect a TAXII error message, not the API's problem document
                    send(res, TaxiiServer.error(401, "Unauthorized", "missing or invalid bearer token: send "
                            + "'Authorization: Bearer <token>'"));
                    return;
                }
                sendProblem(res, Problem.of(
                        ApiErrorCode.UNAUTHENTICATED.toErrorCode(),
                        401,
                        "missing or invalid bearer token: send 'Authorization: Bearer <token>'",
                        path));
                return;
            }
            req.context().register(principal.get());
            try {
                chain.proceed();
            } finally {
                if (audited(req)) {
                    audit(c.audit(), req, principal.get(), res.status().code());
                }
            }
        });
        b.register("/api/v1/ingest", ingest);
        b.register("/api/v1/events", new EventsResource(c.store(), c.tenants(), Dataset.EVENTS, c.clock()));
        b.register("/api/v1/deadletters", new EventsResource(c.store(), c.tenants(), Dataset.DEAD_LETTERS, c.clock()));
        b.register("/api/v1/alerts", new EventsResource(c.store(), c.tenants(), Dataset.ALERTS, c.clock()));
        b.get("/health", (req, res) -> {
            Map<String, Object> h = c.health().get();
            res.status("UP".equals(h.get("status")) ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
            EventsResource.sendJson(res, Json.bytes(h));
        });
        b.get(OPENAPI_PATH, (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8");
            res.send(openApi());
        });
        b.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            res.send(c.metrics().get());
        });
        b.error(MedsocException.class, (req, res, e) -> {
            Problem p = Problem.of(e, instance(req));
            if (p.status() >= 500) {
                LOG.log(Level.WARNING, "request " + req.prologue().method().text() + " " + instance(req)
                        + " failed: " + e.getMessage(), e);
            }
            if (p.status() == 503) {
                res.header(HeaderNames.RETRY_AFTER, "5");
            }
            sendProblem(res, p);
        });
        // static content (the web console) answers a conditional GET by throwing a 304: not a failure
        b.error(io.helidon.http.HttpException.class, (req, res, e) -> {
            if (e.status().code() == Status.NOT_MODIFIED_304.code()) {
                res.status(Status.NOT_MODIFIED_304);
                res.send();
            } else {
                unexpected(req, res, e);
            }
        });
        b.error(Exception.class, ApiRouting::unexpected);
        return b;
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(Level.ERROR, "request " + req.prologue().method().text() + " " + instance(req)
                + " failed unexpectedly", e);
        sendProblem(res, Problem.of(
                StandardErrorCode.GENERIC_INTERNAL_ERROR.toErrorCode(),
                500,
                "internal error; the node log has the details (" + e.getClass().getSimpleName() + ")",
                instance(req)));
    }

    /** Changes (anything but GET/HEAD) and searches are audited; plain reads of single objects are not. */
    private static boolean audited(ServerRequest req) {
        String method = req.prologue().method().text();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return true;
        }
        String path = instance(req);
        return path.startsWith("/api/v1/events") || path.startsWith("/api/v1/deadletters")
                || path.startsWith("/api/v1/alerts") || path.startsWith("/api/v1/audit");
    }

    private static void audit(AuditTrail trail, ServerRequest req, Principal p, int status) {
        String path = instance(req);
        String[] parts = path.split("/");
        String resource = parts.length > 3 ? parts[3].replaceAll("[^a-z0-9_]", "_") : "root";
        String method = req.prologue().method().text().toLowerCase(java.util.Locale.ROOT);
        Outcome outcome = status < 400 ? Outcome.SUCCESS : status == 401 || status == 403 ? Outcome.DENIED
                : Outcome.FAILED;
        Optional<TenantId> tenant = req.context().get(Access.ActedOn.class).map(Access.ActedOn::tenant);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("method", method.toUpperCase(java.util.Locale.ROOT));
        details.put("status", status);
        String query = req.query().rawValue();
        if (!query.isEmpty()) {
            details.put("query", query.length() > 1500 ? query.substring(0, 1500) + "…" : query);
        }
        String target = path.length() > 200 ? path.substring(0, 200) : path;
        trail.record(AuditEntry.of(new Actor(p.userId().toString(), p.username()), tenant,
                        "api." + resource + "." + method, outcome)
                .withTarget("path", target)
                .withClientAddress(Access.clientAddress(req))
                .withDetails(new String(Json.bytes(details), java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The OpenAPI 3.1 description of the API (a resource of this module, maintained with the resources). */
    public static byte[] openApi() {
        try (java.io.InputStream in = ApiRouting.class.getResourceAsStream("/openapi/medsoc.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi/medsoc.yaml is missing from the medsoc-api jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Adds the final catch-all that turns unknown paths into a 404 problem; call after every other route. */
    public static HttpRouting.Builder withNotFound(HttpRouting.Builder b) {
        return b.any((req, res) -> sendProblem(res, Problem.of(
                ApiErrorCode.NOT_FOUND.toErrorCode(),
                404,
                "no resource " + req.prologue().method().text() + " " + instance(req),
                instance(req))));
    }

    /** The absolute request path (handlers of registered services see paths relative to their mount point). */
    static String instance(ServerRequest req) {
        return req.prologue().uriPath().path();
    }

    private static Optional<String> bearer(ServerRequest req) {
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (auth.isEmpty()) {
            return Optional.empty();
        }
        String v = auth.get().trim();
        if (v.length() < 8 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(v.substring(7).trim());
    }

    /** Sends a TAXII answer as it is (status, headers, body). */
    static void send(ServerResponse res, TaxiiResponse r) {
        res.status(r.status());
        r.headers().forEach((k, v) -> res.header(HeaderNames.create(k), v));
        res.send(r.body());
    }

    static void sendProblem(ServerResponse res, Problem p) {
        res.status(p.status());
        res.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        res.send(Json.bytes(p));
    }
}
