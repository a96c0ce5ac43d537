package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medsoc.identity.Permission;
import org.medsoc.spi.error.MedsocException;

/**
 * The node's link to its federation hub ("tier 1 warns, tier 2 disposes; tier 2 reports, tier 1 traces").
 *
 * <ul>
 *   <li>{@code GET /api/v1/federation} → the link's state (enrolment, outbox, directive cursor, last error,
 *       policies and rule packs received from the hub)</li>
 *   <li>{@code POST /api/v1/federation/enrol {"code"}} → enrols with the hub operator's one-time code</li>
 *   <li>{@code POST /api/v1/federation/share {"indicators":[{kind, value, sightings?, firstSeen?, lastSeen?}],
 *       "distribution", "tlp"}} → {@code {"shared", "refused":[{value, reason}]}}</li>
 *   <li>{@code GET /api/v1/federation/warnings} → the hub's warnings and the incidents they became</li>
 * </ul>
 * Reading needs {@code TENANTS_READ}, enrolling and sharing {@code TENANTS_ADMIN} on the node's tenant.
 */
public final class FederationResource implements HttpService {
    /** The most indicators one share request may carry. */
    public static final int MAX_SHARED = 1_000;
    /** The longest indicator value, in characters. */
    public static final int MAX_VALUE = 1_000;

    private final NodeFederation federation;
    private final TenantResolver tenants;

    /** Creates the resource over the node's link (or {@link NodeFederation#standalone()}). */
    public FederationResource(NodeFederation federation, TenantResolver tenants) {
        this.federation = requireNonNull(federation, "federation is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.TENANTS_READ);
                    IncidentsResource.send(res, federation.status());
                })
                .post("/enrol", this::enrol)
                .post("/share", this::share)
                .get("/warnings", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.TENANTS_READ);
                    IncidentsResource.send(res, federation.warnings());
                });
    }

    private void enrol(ServerRequest req, ServerResponse res) throws IOException {
        Access.requireOnNode(req, tenants, Permission.TENANTS_ADMIN);
        String code = JsonBody.read(req, Set.of("code")).string("code").strip();
        if (code.isEmpty()) {
            throw JsonBody.wrong("code", "the one-time enrolment code from the hub operator");
        }
        IncidentsResource.send(res, federation.enrol(code));
    }

    private void share(ServerRequest req, ServerResponse res) throws IOException {
        Access.requireOnNode(req, tenants, Permission.TENANTS_ADMIN);
        JsonBody body = JsonBody.read(req, Set.of("indicators", "distribution", "tlp"));
        JsonNode list = body.node("indicators");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_SHARED) {
            throw JsonBody.wrong("indicators", "an array of 1 to " + MAX_SHARED + " {kind, value} objects");
        }
        List<NodeFederation.SharedIndicator> indicators = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String path = "indicators[" + i + "]";
            if (!n.isObject()) {
                throw JsonBody.wrong(path, "an object with 'kind' and 'value'");
            }
            for (var names = n.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("kind", "value", "sightings", "firstSeen", "lastSeen").contains(name)) {
                    throw JsonBody.wrong(path + "." + name, "absent (allowed: kind, value, sightings, firstSeen, "
                            + "lastSeen)");
                }
            }
            String value = text(n, path, "value");
            if (value.length() > MAX_VALUE) {
                throw JsonBody.wrong(path + ".value", "at most " + MAX_VALUE + " characters");
            }
            indicators.add(new NodeFederation.SharedIndicator(text(n, path, "kind"), value,
                    sightings(n, path), time(n, path, "firstSeen"), time(n, path, "lastSeen")));
        }
        String distribution = body.optionalString("distribution").orElse("COMMUNITY");
        String tlp = body.optionalString("tlp").orElse("AMBER");
        Map<String, Object> answer = federation.share(indicators, distribution, tlp);
        IncidentsResource.send(res, answer);
    }

    private static String text(JsonNode n, String path, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new MedsocException(ApiErrorCode.MISSING_PARAMETER, "property '" + path + "." + name
                    + "' is required (a non-empty string)");
        }
        return v.textValue().strip();
    }

    private static long sightings(JsonNode n, String path) {
        JsonNode v = n.get("sightings");
        if (v == null || v.isNull()) {
            return 1;
        }
        if (!v.isIntegralNumber() || v.longValue() < 1) {
            throw JsonBody.wrong(path + ".sightings", "a positive integer");
        }
        return v.longValue();
    }

    private static Optional<Instant> time(JsonNode n, String path, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.asText()));
        } catch (DateTimeParseException e) {
            throw JsonBody.wrong(path + "." + name, "an ISO-8601 instant such as 2026-11-25T08:00:00Z");
        }
    }
}
