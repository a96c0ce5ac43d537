package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medsoc.identity.Permission;
import org.medsoc.intel.ImportResult;
import org.medsoc.intel.Indicator;
import org.medsoc.intel.IndicatorType;
import org.medsoc.intel.IntelLibrary;
import org.medsoc.spi.error.MedsocException;

/**
 * Threat intelligence of the node (node-wide, like rules).
 *
 * <ul>
 *   <li>{@code GET /api/v1/intel/bundles}; {@code PUT /api/v1/intel/bundles/{name}} with a STIX 2.1 bundle
 *       ({@code application/json}) → indicators taken and, per object, why any was not;
 *       {@code DELETE /api/v1/intel/bundles/{name}}</li>
 *   <li>{@code GET /api/v1/intel/indicators?type=&q=&limit=} → live indicators</li>
 *   <li>{@code GET /api/v1/intel/export} → every live indicator as one STIX 2.1 bundle</li>
 * </ul>
 * Every ingested event is matched against the indicators; hits carry {@code medsoc.intel.*} fields and raise the
 * built-in alert "Threat-intelligence indicator observed".
 */
public final class IntelResource implements HttpService {
    private static final int MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

    private final IntelLibrary library;
    private final TenantResolver tenants;

    public IntelResource(IntelLibrary library, TenantResolver tenants) {
        this.library = requireNonNull(library, "library is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/bundles", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_READ);
                    IncidentsResource.send(res, Map.of("bundles", library.bundles(), "indicators", library.index().size()));
                })
                .put("/bundles/{name}", this::importBundle)
                .delete("/bundles/{name}", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_WRITE);
                    library.delete(req.path().pathParameters().get("name"));
                    res.status(204);
                    res.send();
                })
                .get("/indicators", this::indicators)
                .get("/export", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_READ);
                    res.header(HeaderNames.CONTENT_TYPE, "application/stix+json;version=2.1");
                    res.send(library.exportStix().getBytes(StandardCharsets.UTF_8));
                });
    }

    private void importBundle(ServerRequest req, ServerResponse res) throws IOException {
        Access.requireOnNode(req, tenants, Permission.RULES_WRITE);
        String name = req.path().pathParameters().get("name");
        byte[] body = RequestBodies.read(req, MAX_BUNDLE_BYTES, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "STIX bundle of " + n + "+ bytes exceeds " + MAX_BUNDLE_BYTES + " bytes"));
        ImportResult r = library.importStix(name, new String(body, StandardCharsets.UTF_8));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bundle", name);
        answer.put("indicators", r.indicators().size());
        answer.put("sightings", r.sightings().size());
        answer.put("problems", r.problems());
        answer.put("total", library.index().size());
        res.status(201);
        IncidentsResource.send(res, answer);
    }

    private void indicators(ServerRequest req, ServerResponse res) {
        Access.requireOnNode(req, tenants, Permission.RULES_READ);
        var q = req.query();
        IndicatorType type = q.first("type").map(t -> IncidentsResource.parse(IndicatorType.class, "type", t)).orElse(null);
        String text = q.first("q").orElse("").toLowerCase(Locale.ROOT);
        int limit = new RequestParameters(q, () -> 0L).integer("limit", 100, 1, 10_000);
        List<Map<String, Object>> out = new ArrayList<>();
        int[] total = {0};
        library.index().forEach((Indicator i) -> {
            if ((type == null || i.type() == type) && (text.isEmpty() || i.value().contains(text))) {
                total[0]++;
                if (out.size() < limit) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", i.type().name().toLowerCase(Locale.ROOT));
                    m.put("value", i.value());
                    m.put("source", i.source());
                    m.put("confidence", i.confidence());
                    m.put("tlp", i.tlp().label());
                    i.validUntil().ifPresent(v -> m.put("validUntil", v.toString()));
                    m.put("tags", i.tags());
                    out.add(m);
                }
            }
        });
        IncidentsResource.send(res, Map.of("total", total[0], "indicators", out));
    }
}
