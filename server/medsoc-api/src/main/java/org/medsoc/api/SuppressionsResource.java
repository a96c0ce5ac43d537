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
import java.util.Set;
import org.medsoc.identity.Permission;
import org.medsoc.incident.EntityField;
import org.medsoc.incident.SuppressionCondition;
import org.medsoc.incident.SuppressionDraft;
import org.medsoc.incident.SuppressionService;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Tuning: suppression entries that stop matching alerts from opening incidents while still counting them.
 *
 * <ul>
 *   <li>{@code GET /api/v1/suppressions?expired=true|false}; {@code GET /api/v1/suppressions/{id}}</li>
 *   <li>{@code POST /api/v1/suppressions} {@code {ruleId, conditions:[{field, equals|in|cidr}], expiresAt, reason}}</li>
 *   <li>{@code PUT /api/v1/suppressions/{id}} the same plus {@code version}; {@code DELETE /api/v1/suppressions/{id}}</li>
 * </ul>
 * Condition fields: host.name, user.name, source.ip, destination.ip, medsoc.business_system. Expiry is required
 * (at most 180 days); the reason is required. Reading needs INCIDENTS_READ, changing TUNING_WRITE.
 */
public final class SuppressionsResource implements HttpService {
    private final SuppressionService suppressions;
    private final TenantResolver tenants;

    public SuppressionsResource(SuppressionService suppressions, TenantResolver tenants) {
        this.suppressions = requireNonNull(suppressions, "suppressions is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/", this::create).get("/{id}", this::one).put("/{id}", this::replace)
                .delete("/{id}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        TenantId tenant = Access.tenant(req, tenants, Permission.INCIDENTS_READ);
        String expired = req.query().first("expired").orElse("false");
        if (!expired.equals("true") && !expired.equals("false")) {
            throw RequestParameters.invalid("expired", expired, "true or false");
        }
        IncidentsResource.send(res, Map.of("suppressions", suppressions.list(tenant, Boolean.parseBoolean(expired))));
    }

    private void one(ServerRequest req, ServerResponse res) {
        TenantId tenant = Access.tenant(req, tenants, Permission.INCIDENTS_READ);
        long id = id(req);
        IncidentsResource.send(res, suppressions.find(tenant, id).orElseThrow(() -> notFound(id)));
    }

    private void create(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = Access.tenant(req, tenants, Permission.TUNING_WRITE);
        SuppressionDraft draft = draft(JsonBody.read(req, Set.of("ruleId", "conditions", "expiresAt", "reason")));
        res.status(201);
        IncidentsResource.send(res, suppressions.create(tenant, IncidentsResource.actor(req), draft));
    }

    private void replace(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = Access.tenant(req, tenants, Permission.TUNING_WRITE);
        long id = id(req);
        JsonBody body = JsonBody.read(req, Set.of("ruleId", "conditions", "expiresAt", "reason", "version"));
        long version = body.longValue("version");
        IncidentsResource.send(res, suppressions.replace(tenant, id, version, IncidentsResource.actor(req), draft(body)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        TenantId tenant = Access.tenant(req, tenants, Permission.TUNING_WRITE);
        suppressions.delete(tenant, id(req), IncidentsResource.actor(req));
        res.status(204);
        res.send();
    }

    private static SuppressionDraft draft(JsonBody body) {
        String expires = body.string("expiresAt");
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(expires);
        } catch (DateTimeParseException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "property 'expiresAt' must be an ISO-8601 instant such as 2026-12-31T00:00:00Z, was '" + expires + "'");
        }
        List<SuppressionCondition> conditions = new ArrayList<>();
        if (body.has("conditions")) {
            JsonNode list = body.node("conditions");
            if (!list.isArray()) {
                throw JsonBody.wrong("conditions", "an array of {field, equals|in|cidr}");
            }
            int i = 0;
            for (JsonNode c : list) {
                conditions.add(condition(c, "conditions[" + i++ + "]"));
            }
        }
        return new SuppressionDraft(body.string("ruleId"), conditions, expiresAt, body.string("reason"));
    }

    private static SuppressionCondition condition(JsonNode c, String path) {
        if (!c.isObject() || !c.path("field").isTextual() || c.size() != 2) {
            throw JsonBody.wrong(path, "an object with 'field' and one of 'equals', 'in', 'cidr'");
        }
        String name = c.get("field").textValue();
        EntityField field = EntityField.of(name).orElseThrow(() -> new MedsocException(ApiErrorCode.INVALID_BODY,
                path + ".field '" + name + "' is not a suppression field; one of "
                        + java.util.Arrays.stream(EntityField.values()).map(EntityField::fieldName).toList()));
        if (c.path("equals").isTextual()) {
            return new SuppressionCondition.Equals(field, c.get("equals").textValue());
        }
        if (c.path("cidr").isTextual()) {
            return new SuppressionCondition.Cidr(field, c.get("cidr").textValue());
        }
        if (c.path("in").isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode v : c.get("in")) {
                if (!v.isTextual()) {
                    throw JsonBody.wrong(path + ".in", "an array of strings");
                }
                values.add(v.textValue());
            }
            return new SuppressionCondition.In(field, values);
        }
        throw JsonBody.wrong(path, "an object with 'field' and one of 'equals' (string), 'in' (array), 'cidr' (string)");
    }

    private static long id(ServerRequest req) {
        String v = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, "suppression id must be an integer, was '" + v + "'");
        }
    }

    private static MedsocException notFound(long id) {
        return new MedsocException(org.medsoc.incident.IncidentErrorCode.SUPPRESSION_NOT_FOUND,
                "no suppression " + id + " in this tenant");
    }
}
