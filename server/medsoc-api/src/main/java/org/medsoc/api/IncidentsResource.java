package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.medsoc.identity.Permission;
import org.medsoc.identity.Principal;
import org.medsoc.incident.Actor;
import org.medsoc.incident.Evidence;
import org.medsoc.incident.Incident;
import org.medsoc.incident.IncidentEdit;
import org.medsoc.incident.IncidentQuery;
import org.medsoc.incident.IncidentService;
import org.medsoc.incident.Page;
import org.medsoc.incident.Resolution;
import org.medsoc.incident.Severity;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Incidents: the SOC's working surface.
 *
 * <ul>
 *   <li>{@code GET /api/v1/incidents?state=&severity=&assignee=&rule_id=&business_system=&q=&created_from=&created_to=
 *       &sla_breached=&sort=-created&offset=&limit=} → {@code {total, offset, limit, incidents}}</li>
 *   <li>{@code GET /api/v1/incidents/overdue}, {@code /due-soon?within=PT30M}, {@code /metrics?from=&to=}</li>
 *   <li>{@code GET /api/v1/incidents/{id}} (with SLA status), {@code /timeline}, {@code /comments}, {@code /evidence},
 *       {@code /alerts}</li>
 *   <li>{@code POST /api/v1/incidents/{id}/transitions} {@code {transition, version, resolution?, summary?, reason?}}
 *       with transition one of acknowledge, contain, resolve, mark_false_positive, close, reopen</li>
 *   <li>{@code PATCH /api/v1/incidents/{id}} {@code {version, title?, description?, severity?, assignee?}}
 *       ({@code assignee: ""} unassigns)</li>
 *   <li>{@code POST /api/v1/incidents/{id}/comments} {@code {body}}; {@code POST .../evidence} {@code {kind, ref, note}}</li>
 * </ul>
 * Every change carries the version the caller read; a stale one is a 409 and nothing is written.
 */
public final class IncidentsResource implements HttpService {
    private final IncidentService incidents;
    private final TenantResolver tenants;
    private final LongSupplier clock;

    private final java.util.function.Consumer<Incident> afterChange;

    public IncidentsResource(IncidentService incidents, TenantResolver tenants, LongSupplier clock) {
        this(incidents, tenants, clock, i -> { });
    }

    /** A resource that tells {@code afterChange} of every incident a caller changed (e.g. to stop paging). */
    public IncidentsResource(IncidentService incidents, TenantResolver tenants, LongSupplier clock,
            java.util.function.Consumer<Incident> afterChange) {
        this.incidents = requireNonNull(incidents, "incidents is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.afterChange = requireNonNull(afterChange, "afterChange is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/overdue", this::overdue)
                .get("/due-soon", this::dueSoon)
                .get("/metrics", this::metrics)
                .get("/{id}", this::one)
                .patch("/{id}", this::patch)
                .get("/{id}/timeline", (req, res) -> send(res, incidents.timeline(read(req), id(req))))
                .get("/{id}/comments", (req, res) -> send(res, incidents.comments(read(req), id(req))))
                .get("/{id}/evidence", (req, res) -> send(res, incidents.evidence(read(req), id(req))))
                .get("/{id}/alerts", (req, res) -> send(res, Map.of("alerts", incidents.alertIds(read(req), id(req)))))
                .post("/{id}/transitions", this::transition)
                .post("/{id}/comments", this::comment)
                .post("/{id}/evidence", this::evidence);
    }

    private TenantId read(ServerRequest req) {
        return Access.tenant(req, tenants, Permission.INCIDENTS_READ);
    }

    private TenantId write(ServerRequest req) {
        return Access.tenant(req, tenants, Permission.INCIDENTS_WRITE);
    }

    private static long id(ServerRequest req) {
        String v = req.path().pathParameters().get("id");
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, "incident id must be a positive integer, was '" + v + "'");
    }

    /** The caller as incidents record it: by username (unique and what assignees are), with its display name. */
    static Actor actor(ServerRequest req) {
        Principal p = Access.principal(req);
        return new Actor(p.username(), p.displayName());
    }

    private void list(ServerRequest req, ServerResponse res) {
        TenantId tenant = read(req);
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            if (!name.equals("tenant")) {
                params.put(name, req.query().all(name));
            }
        }
        Page<Incident> page = incidents.list(tenant, IncidentQuery.fromParameters(params));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", page.total());
        answer.put("offset", page.offset());
        answer.put("limit", page.limit());
        answer.put("incidents", page.items());
        send(res, answer);
    }

    private void overdue(ServerRequest req, ServerResponse res) {
        Set<TenantId> scope = scope(req);
        int limit = new RequestParameters(req.query(), clock).integer("limit", 100, 1, 1000);
        send(res, Map.of("incidents", incidents.overdue(scope, limit)));
    }

    private void dueSoon(ServerRequest req, ServerResponse res) {
        Set<TenantId> scope = scope(req);
        RequestParameters p = new RequestParameters(req.query(), clock);
        Duration within;
        String w = p.string("within", "PT30M");
        try {
            within = Duration.parse(w);
        } catch (java.time.format.DateTimeParseException e) {
            throw RequestParameters.invalid("within", w, "an ISO-8601 duration such as PT30M");
        }
        send(res, Map.of("incidents", incidents.dueSoon(scope, within, p.integer("limit", 100, 1, 1000))));
    }

    /** The tenant named by the request, or every tenant the caller may read incidents of. */
    private Set<TenantId> scope(ServerRequest req) {
        if (tenants.named(req).isPresent()) {
            return Set.of(read(req));
        }
        return Access.principal(req).tenants(Permission.INCIDENTS_READ);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        TenantId tenant = read(req);
        RequestParameters p = new RequestParameters(req.query(), clock);
        long now = clock.getAsLong();
        Instant from = Instant.ofEpochMilli(p.time("from", now - Duration.ofDays(30).toMillis()));
        Instant to = Instant.ofEpochMilli(p.time("to", now));
        send(res, incidents.metrics(tenant, from, to));
    }

    private void one(ServerRequest req, ServerResponse res) {
        send(res, incidents.load(read(req), id(req)));
    }

    private void transition(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = write(req);
        long id = id(req);
        JsonBody body = JsonBody.read(req, Set.of("transition", "version", "resolution", "summary", "reason"));
        String name = body.string("transition");
        long version = body.longValue("version");
        Actor actor = actor(req);
        Incident after = switch (name) {
            case "acknowledge" -> incidents.acknowledge(tenant, id, version, actor);
            case "contain" -> incidents.contain(tenant, id, version, actor);
            case "resolve" -> incidents.resolve(tenant, id, version, actor,
                    parse(Resolution.class, "resolution", body.string("resolution")), body.string("summary"));
            case "mark_false_positive" -> incidents.markFalsePositive(tenant, id, version, actor, body.string("summary"));
            case "close" -> incidents.close(tenant, id, version, actor);
            case "reopen" -> incidents.reopen(tenant, id, version, actor, body.string("reason"));
            default -> throw new MedsocException(ApiErrorCode.INVALID_BODY, "unknown transition '" + name
                    + "'; one of acknowledge, contain, resolve, mark_false_positive, close, reopen");
        };
        afterChange.accept(after);
        send(res, after);
    }

    private void patch(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = write(req);
        long id = id(req);
        JsonBody body = JsonBody.read(req, Set.of("version", "title", "description", "severity", "assignee"));
        long version = body.longValue("version");
        Actor actor = actor(req);
        Optional<String> title = body.optionalString("title");
        Optional<String> description = body.optionalString("description");
        Optional<Severity> severity = body.optionalString("severity").map(s -> parse(Severity.class, "severity", s));
        Optional<String> assignee = body.optionalString("assignee");
        if (title.isEmpty() && description.isEmpty() && severity.isEmpty() && assignee.isEmpty()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "nothing to change: give title, description, severity or assignee");
        }
        Incident current;
        if (title.isPresent() || description.isPresent() || severity.isPresent()) {
            current = incidents.edit(tenant, id, version, actor, new IncidentEdit(title, description, severity));
            version = current.version();
        }
        if (assignee.isPresent()) {
            current = assignee.get().isBlank()
                    ? incidents.unassign(tenant, id, version, actor)
                    : incidents.assign(tenant, id, version, actor, assignee.get());
        } else {
            current = incidents.load(tenant, id);
        }
        afterChange.accept(current);
        send(res, current);
    }

    private void comment(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = write(req);
        long id = id(req);
        JsonBody body = JsonBody.read(req, Set.of("body"));
        res.status(201);
        send(res, incidents.comment(tenant, id, actor(req), body.string("body")));
    }

    private void evidence(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = write(req);
        long id = id(req);
        JsonBody body = JsonBody.read(req, Set.of("kind", "ref", "note"));
        Evidence.Kind kind = parse(Evidence.Kind.class, "kind", body.string("kind"));
        res.status(201);
        send(res, incidents.addEvidence(tenant, id, actor(req), kind, body.string("ref"), body.string("note")));
    }

    static <E extends Enum<E>> E parse(Class<E> type, String property, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "property '" + property + "' does not accept '" + value + "'; one of " + allowed);
        }
    }

    static void send(ServerResponse res, Object value) {
        EventsResource.sendJson(res, Json.bytes(value));
    }
}
