package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.medsoc.detect.SigmaRules;
import org.medsoc.federation.DirectiveBody;
import org.medsoc.federation.EnrolmentCode;
import org.medsoc.federation.FederationHub;
import org.medsoc.federation.IssuedDirective;
import org.medsoc.federation.MemberNode;
import org.medsoc.federation.MemberState;
import org.medsoc.federation.NodeId;
import org.medsoc.federation.NodeOverview;
import org.medsoc.federation.SlaCompliance;
import org.medsoc.federation.Target;
import org.medsoc.federation.Trace;
import org.medsoc.federation.WarningDelivery;
import org.medsoc.federation.WarningState;
import org.medsoc.identity.Permission;
import org.medsoc.identity.Principal;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The hub's operator API (a node started with {@code --role hub}): member nodes, warnings and their lifecycle,
 * directives (rule packs, indicator sets, policies), region-wide traces and the region view. Member hospitals are
 * the tenants of the hub's identity service; a caller sees only the nodes, warnings and traces of tenants it holds
 * {@code HUB_VIEW} on (anything else answers 404, or 400 "unknown" when named in a body).
 *
 * <ul>
 *   <li>{@code POST /enrolment-codes {"tenant","nodeName","validFor"?}} → 201 {@code {code,tenant,nodeName,expiresAt}}
 *       ({@code TENANTS_ADMIN})</li>
 *   <li>{@code GET /nodes} → {@code {"nodes":[NodeOverview]}}; {@code POST /nodes/{nodeId}/revoke {"reason"}} →
 *       MemberNode ({@code TENANTS_ADMIN})</li>
 *   <li>{@code POST /warnings {"title","description","severity","requiredActions","deadline","tenants"?,"nodes"?}}
 *       → 201 {@code {"directiveId","deliveries":[WarningDelivery]}}; {@code GET /warnings?state=&overdue=};
 *       {@code GET /warnings/{id}}; {@code POST /warnings/{id}/nodes/{nodeId}/verify} ({@code HUB_VIEW})</li>
 *   <li>{@code POST /rule-packs?name=&version=&tenant=&node=} (zip or YAML, {@code RULES_WRITE});
 *       {@code POST /indicator-sets} ({@code RULES_WRITE}); {@code POST /policies} ({@code TENANTS_ADMIN}) → 201
 *       IssuedDirective {@code {id,type,nodes}}</li>
 *   <li>{@code POST /traces {"indicator","from","to","tenants"?,"nodes"?}} → 202 Trace; {@code GET /traces},
 *       {@code GET /traces/{id}} ({@code HUB_VIEW})</li>
 *   <li>{@code GET /region} → nodes, open incidents, top threats and indicators, warning counts, SLA compliance</li>
 * </ul>
 * Targets: {@code tenants} and/or {@code nodes}; neither means every active member node the caller may act on.
 */
public final class HubResource implements HttpService {
    private static final int MAX_PACK_BYTES = 8 * 1024 * 1024;
    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private static final Set<String> INDICATOR_KINDS = Set.of("ip", "ipv4", "ipv6", "cidr", "domain", "url", "md5",
            "sha1", "sha256", "email", "user_agent");
    /** Answers in the core records' shapes: ids as strings, instants as ISO-8601, empty optionals left out. */
    static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(new SimpleModule("medsoc-federation")
            .addSerializer(NodeId.class, ToStringSerializer.instance));

    private final FederationHub hub;
    private final Predicate<TenantId> tenantExists;
    private final Duration defaultCodeValidity;
    private final Clock clock;

    /**
     * Creates the resource.
     *
     * @param tenantExists whether a tenant exists in the hub's identity service (the member hospitals)
     * @param defaultCodeValidity how long an enrolment code is valid when the request names no {@code validFor}
     */
    public HubResource(FederationHub hub, Predicate<TenantId> tenantExists, Duration defaultCodeValidity,
            Clock clock) {
        this.hub = requireNonNull(hub, "hub is null");
        this.tenantExists = requireNonNull(tenantExists, "tenantExists is null");
        this.defaultCodeValidity = requireNonNull(defaultCodeValidity, "defaultCodeValidity is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What {@code /api/v1/hub} answers on a node that is not a hub: 404 for every request. */
    public static HttpService notAHub() {
        return rules -> rules.any((req, res) -> ApiRouting.sendProblem(res, Problem.of(
                ApiErrorCode.NOT_FOUND.toErrorCode(), 404, "this node is not a hub; start it with --role hub",
                ApiRouting.instance(req))));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/enrolment-codes", this::issueCode)
                .get("/nodes", (req, res) -> send(res, 200, Map.of("nodes",
                        hub.region().nodes(visible(req)))))
                .post("/nodes/{nodeId}/revoke", this::revoke)
                .post("/warnings", this::warn)
                .get("/warnings", this::warnings)
                .get("/warnings/{directiveId}", this::warning)
                .post("/warnings/{directiveId}/nodes/{nodeId}/verify", this::verify)
                .post("/rule-packs", this::rulePack)
                .post("/indicator-sets", this::indicatorSet)
                .post("/policies", this::policy)
                .post("/traces", this::trace)
                .get("/traces", this::traces)
                .get("/traces/{id}", this::traceOne)
                .get("/region", this::region);
    }

    // ---------------------------------------------------------------- nodes

    private void issueCode(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody body = JsonBody.read(req, Set.of("tenant", "nodeName", "validFor"));
        Principal p = Access.principal(req);
        TenantId tenant = knownTenant(req, p, body.string("tenant"));
        p.require(Permission.TENANTS_ADMIN, tenant);
        String name = body.string("nodeName").strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "property 'nodeName' must be 1 to 200 characters");
        }
        Duration validFor = body.optionalString("validFor").map(v -> {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY,
                        "property 'validFor' must be an ISO-8601 duration such as PT24H, was '" + v + "'");
            }
        }).orElse(defaultCodeValidity);
        EnrolmentCode code = hub.registry().issueCode(tenant, name, validFor);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", code.code());
        out.put("tenant", code.tenant());
        out.put("nodeName", code.nodeName());
        out.put("expiresAt", code.expiresAt());
        send(res, 201, out);
    }

    private void revoke(ServerRequest req, ServerResponse res) throws IOException {
        MemberNode node = visibleNode(req, req.path().pathParameters().get("nodeId"));
        JsonBody body = JsonBody.read(req, Set.of("reason"));
        String reason = body.string("reason").strip();
        if (reason.isEmpty()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "property 'reason' must say why the node is revoked");
        }
        Access.principal(req).require(Permission.TENANTS_ADMIN, node.tenant());
        send(res, 200, hub.registry().revoke(node.nodeId(), reason));
    }

    // ---------------------------------------------------------------- warnings

    private void warn(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody body = JsonBody.read(req, Set.of("title", "description", "severity", "requiredActions", "deadline",
                "tenants", "nodes"));
        String title = nonBlank(body, "title", 500);
        String description = body.string("description");
        String severity = body.string("severity").strip().toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "property 'severity' does not accept '"
                    + body.string("severity") + "'; one of [low, medium, high, critical]");
        }
        List<String> actions = body.strings("requiredActions");
        if (actions.stream().anyMatch(String::isBlank)) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "property 'requiredActions' holds an empty action");
        }
        Instant deadline = instant(body.string("deadline"), "deadline");
        if (!deadline.isAfter(clock.instant())) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "property 'deadline' is in the past (" + deadline + "); give a time after " + clock.instant());
        }
        Target target = target(req, Permission.HUB_VIEW, body.strings("tenants"), body.strings("nodes"));
        IssuedDirective issued = hub.directives().issue(
                new DirectiveBody.Warning(title, description, severity, actions, deadline), target, user(req));
        Set<TenantId> visible = visible(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("directiveId", issued.id());
        out.put("deliveries", hub.directives().warning(issued.id()).stream()
                .filter(d -> visible.contains(d.tenant())).toList());
        send(res, 201, out);
    }

    private void warnings(ServerRequest req, ServerResponse res) {
        Set<TenantId> visible = visible(req);
        Optional<WarningState> state = req.query().first("state").filter(s -> !s.isBlank())
                .map(s -> IncidentsResource.parse(WarningState.class, "state", s));
        boolean overdue = req.query().first("overdue").map(v -> switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw RequestParameters.invalid("overdue", v, "true or false");
        }).orElse(false);
        List<WarningDelivery> list = overdue ? hub.directives().overdue(visible) : hub.directives().warnings(visible);
        send(res, 200, Map.of("warnings", list.stream()
                .filter(d -> state.isEmpty() || d.state() == state.get()).toList()));
    }

    private void warning(ServerRequest req, ServerResponse res) {
        long id = positive(req.path().pathParameters().get("directiveId"), "warning id");
        send(res, 200, Map.of("deliveries", visibleWarning(req, id)));
    }

    private void verify(ServerRequest req, ServerResponse res) {
        long id = positive(req.path().pathParameters().get("directiveId"), "warning id");
        MemberNode node = visibleNode(req, req.path().pathParameters().get("nodeId"));
        if (visibleWarning(req, id).stream().noneMatch(d -> d.node().equals(node.nodeId()))) {
            throw new MedsocException(ApiErrorCode.NOT_FOUND,
                    "warning " + id + " was not sent to node " + node.nodeId());
        }
        Access.principal(req).require(Permission.HUB_VIEW, node.tenant());
        send(res, 200, hub.directives().verify(id, node.nodeId(), user(req)));
    }

    private List<WarningDelivery> visibleWarning(ServerRequest req, long id) {
        Set<TenantId> visible = visible(req);
        List<WarningDelivery> deliveries = hub.directives().warning(id).stream()
                .filter(d -> visible.contains(d.tenant())).toList();
        if (deliveries.isEmpty()) {
            throw new MedsocException(ApiErrorCode.NOT_FOUND, "no warning " + id);
        }
        return deliveries;
    }

    // ---------------------------------------------------------------- directives

    private void rulePack(ServerRequest req, ServerResponse res) throws IOException {
        RequestParameters q = new RequestParameters(req.query(), () -> clock.millis());
        String name = q.string("name", "").strip();
        String version = q.string("version", "").strip();
        if (name.isEmpty() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, "query parameter 'name' must be 1 to 64 "
                    + "letters, digits, '.', '_' or '-' (the pack's name at the nodes), was '" + name + "'");
        }
        if (version.isEmpty() || version.length() > 64) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER,
                    "query parameter 'version' must be 1 to 64 characters, was '" + version + "'");
        }
        Target target = target(req, Permission.RULES_WRITE, req.query().all("tenant", List::of),
                req.query().all("node", List::of));
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("").toLowerCase(Locale.ROOT);
        byte[] content = RequestBodies.read(req, MAX_PACK_BYTES, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "rule pack of " + n + "+ bytes exceeds the limit of " + MAX_PACK_BYTES + " bytes for a hub directive"));
        Map<String, String> files;
        if (type.equals("application/zip") || type.equals("application/x-zip-compressed")) {
            files = RulesResource.unzip(content);
        } else if (type.equals("application/yaml") || type.equals("application/x-yaml") || type.equals("text/yaml")) {
            files = Map.of(name + ".yml", new String(content, StandardCharsets.UTF_8));
        } else {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "Content-Type '" + type + "' is not a rule pack; "
                    + "send a zip of the rule folder as application/zip or one rule as application/yaml");
        }
        validateRules(name, files);
        send(res, 201, hub.directives().issue(new DirectiveBody.RulePack(name, version, content), target, user(req)));
    }

    /** Parses every file with the node's Sigma loader; any invalid file refuses the whole pack (nothing is sent). */
    private static void validateRules(String pack, Map<String, String> files) {
        List<String> problems = new ArrayList<>();
        int rules = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            try {
                rules += SigmaRules.parseDocuments(f.getValue(), "hub-pack:" + pack + "/" + f.getKey())
                        .documents().size();
            } catch (MedsocException e) {
                problems.add(f.getKey() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "rule pack '" + pack + "' was not sent: "
                    + problems.size() + " file(s) invalid: " + String.join("; ", problems));
        }
        if (rules == 0) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "rule pack '" + pack + "' holds no rule");
        }
    }

    private void indicatorSet(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody body = JsonBody.read(req, Set.of("name", "indicators", "tenants", "nodes", "tlp", "distribution",
                "confidence"));
        String name = nonBlank(body, "name", 200);
        JsonNode array = body.node("indicators");
        if (!array.isArray() || array.isEmpty()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "property 'indicators' must be a non-empty array of {\"kind\",\"value\"}");
        }
        List<DirectiveBody.Indicator> indicators = new ArrayList<>();
        int i = 0;
        for (JsonNode o : array) {
            JsonNode kind = o.get("kind");
            JsonNode value = o.get("value");
            if (!o.isObject() || kind == null || !kind.isTextual() || value == null || !value.isTextual()) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY,
                        "indicators[" + i + "] must be an object with string properties 'kind' and 'value'");
            }
            String k = kind.textValue().strip().toLowerCase(Locale.ROOT);
            if (!INDICATOR_KINDS.contains(k)) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY, "indicators[" + i + "].kind '" + kind.textValue()
                        + "' is unknown; one of " + new TreeSet<>(INDICATOR_KINDS));
            }
            String v = value.textValue().strip();
            if (v.isEmpty() || v.length() > 1000) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY,
                        "indicators[" + i + "].value must be 1 to 1000 characters");
            }
            indicators.add(new DirectiveBody.Indicator(k, v));
            i++;
        }
        Target target = target(req, Permission.RULES_WRITE, body.strings("tenants"), body.strings("nodes"));
        DirectiveBody.IndicatorSet set;
        try {
            set = new DirectiveBody.IndicatorSet(name, indicators, body.optionalString("tlp").orElse(null),
                    body.optionalString("distribution").orElse(null),
                    body.has("confidence") ? Math.toIntExact(body.longValue("confidence")) : null);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, e.getMessage(), e);
        }
        send(res, 201, hub.directives().issue(set, target, user(req)));
    }

    private void policy(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody body = JsonBody.read(req, Set.of("name", "settings", "tenants", "nodes"));
        String name = nonBlank(body, "name", 200);
        JsonNode settings = body.node("settings");
        if (!settings.isObject() || settings.isEmpty()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "property 'settings' must be a non-empty object of string values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        var fields = settings.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (!f.getValue().isValueNode() || f.getValue().isNull()) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY,
                        "settings." + f.getKey() + " must be a string, number or boolean");
            }
            values.put(f.getKey(), f.getValue().asText());
        }
        Target target = target(req, Permission.TENANTS_ADMIN, body.strings("tenants"), body.strings("nodes"));
        send(res, 201, hub.directives().issue(new DirectiveBody.Policy(name, values), target, user(req)));
    }

    // ---------------------------------------------------------------- traces and region

    private void trace(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody body = JsonBody.read(req, Set.of("indicator", "from", "to", "tenants", "nodes"));
        String indicator = nonBlank(body, "indicator", 1000);
        Instant from = instant(body.string("from"), "from");
        Instant to = instant(body.string("to"), "to");
        if (!from.isBefore(to)) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "property 'to' (" + to + ") must be after 'from' (" + from + ")");
        }
        Target target = target(req, Permission.HUB_VIEW, body.strings("tenants"), body.strings("nodes"));
        Trace t = hub.traces().start(indicator, from, to, target, user(req));
        send(res, 202, hub.traces().find(t.id(), visible(req)).orElse(t));
    }

    private void traces(ServerRequest req, ServerResponse res) {
        int limit = new RequestParameters(req.query(), () -> clock.millis()).integer("limit", 50, 1, 500);
        send(res, 200, Map.of("traces", hub.traces().recent(visible(req), limit)));
    }

    private void traceOne(ServerRequest req, ServerResponse res) {
        long id = positive(req.path().pathParameters().get("id"), "trace id");
        send(res, 200, hub.traces().find(id, visible(req))
                .orElseThrow(() -> new MedsocException(ApiErrorCode.NOT_FOUND, "no trace " + id)));
    }

    private void region(ServerRequest req, ServerResponse res) {
        Set<TenantId> visible = visible(req);
        List<NodeOverview> nodes = hub.region().nodes(visible);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", nodes);
        out.put("openIncidents", hub.region().openIncidents(visible, 100));
        out.put("topThreats", hub.region().topThreats(visible, 10));
        out.put("topIndicators", hub.region().topIndicators(visible, 10));
        out.put("warnings", Map.of("open", nodes.stream().mapToLong(NodeOverview::openWarnings).sum(),
                "overdue", nodes.stream().mapToLong(NodeOverview::overdueWarnings).sum()));
        List<SlaCompliance> sla = hub.region().slaCompliance(visible);
        long closed = sla.stream().mapToLong(SlaCompliance::closedIncidents).sum();
        long met = sla.stream().mapToLong(SlaCompliance::closedWithinSla).sum();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("closedIncidents", closed);
        s.put("closedWithinSla", met);
        if (closed > 0) {
            s.put("compliance", (double) met / closed);
        }
        s.put("tenants", sla);
        out.put("sla", s);
        send(res, 200, out);
    }

    // ---------------------------------------------------------------- access

    /** The tenants whose nodes, warnings and traces the caller may see. */
    private static Set<TenantId> visible(ServerRequest req) {
        return Access.principal(req).tenants(Permission.HUB_VIEW);
    }

    /** A tenant named in a request body: it must exist and be visible to the caller (else 400, no existence leak). */
    private TenantId knownTenant(ServerRequest req, Principal p, String value) {
        TenantId tenant = RequestParameters.tenant(value.strip());
        if (!tenantExists.test(tenant) || !p.can(Permission.HUB_VIEW, tenant)) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "unknown tenant '" + tenant
                    + "': not a member hospital of this hub you may see (HUB_VIEW)");
        }
        req.context().register(new Access.ActedOn(tenant));
        return tenant;
    }

    /** A node named in the path: unknown or of a tenant the caller cannot see is the same 404. */
    private MemberNode visibleNode(ServerRequest req, String value) {
        Optional<MemberNode> node;
        try {
            node = hub.registry().find(new NodeId(value));
        } catch (IllegalArgumentException e) {
            node = Optional.empty();
        }
        Principal p = Access.principal(req);
        if (node.isEmpty() || !p.can(Permission.HUB_VIEW, node.get().tenant())) {
            throw new MedsocException(ApiErrorCode.NOT_FOUND, "no member node '" + value + "'");
        }
        req.context().register(new Access.ActedOn(node.get().tenant()));
        return node.get();
    }

    /**
     * The active nodes a directive goes to: those of the named tenants and the named nodes, or (neither named) every
     * active node of the tenants the caller holds {@code permission} on. Unknown or invisible tenants and nodes are
     * 400s; visible ones the caller lacks {@code permission} on are 403s; no active node at all is a 400.
     */
    private Target target(ServerRequest req, Permission permission, List<String> tenantNames, List<String> nodeNames) {
        Principal p = Access.principal(req);
        Set<NodeId> nodes = new TreeSet<>(java.util.Comparator.comparing(NodeId::value));
        Set<TenantId> named = new LinkedHashSet<>();
        for (String t : tenantNames) {
            TenantId tenant = knownTenant(req, p, t);
            p.require(permission, tenant);
            named.add(tenant);
        }
        if (!named.isEmpty()) {
            hub.region().nodes(named).stream().filter(n -> n.state() == MemberState.ACTIVE)
                    .forEach(n -> nodes.add(n.node()));
        }
        for (String n : nodeNames) {
            Optional<MemberNode> node;
            try {
                node = hub.registry().find(new NodeId(n.strip()));
            } catch (IllegalArgumentException e) {
                node = Optional.empty();
            }
            if (node.isEmpty() || !p.can(Permission.HUB_VIEW, node.get().tenant())) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY, "unknown node '" + n + "'");
            }
            p.require(permission, node.get().tenant());
            if (node.get().state() != MemberState.ACTIVE) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY, "node '" + n + "' is "
                        + node.get().state() + "; directives go to active nodes only");
            }
            nodes.add(node.get().nodeId());
        }
        if (tenantNames.isEmpty() && nodeNames.isEmpty()) {
            hub.region().nodes(p.tenants(permission)).stream().filter(n -> n.state() == MemberState.ACTIVE)
                    .forEach(n -> nodes.add(n.node()));
        }
        if (nodes.isEmpty()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "no active member node matches the targets"
                    + (tenantNames.isEmpty() && nodeNames.isEmpty() ? " (none of the tenants you may act on with "
                            + permission + " has an enrolled node)" : " " + tenantNames + " " + nodeNames)
                    + "; nothing was sent");
        }
        return new Target.Nodes(nodes);
    }

    // ---------------------------------------------------------------- helpers

    private static String user(ServerRequest req) {
        return Access.principal(req).username();
    }

    private static String nonBlank(JsonBody body, String name, int max) {
        String v = body.string(name).strip();
        if (v.isEmpty() || v.length() > max) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "property '" + name + "' must be 1 to " + max + " characters");
        }
        return v;
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "property '" + name
                    + "' must be an ISO-8601 instant such as 2026-11-25T08:00:00Z, was '" + value + "'");
        }
    }

    private static long positive(String v, String what) {
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, what + " must be a positive integer, was '" + v + "'");
    }

    private static void send(ServerResponse res, int status, Object value) {
        res.status(status);
        try {
            EventsResource.sendJson(res, MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
