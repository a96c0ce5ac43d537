package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.medsoc.identity.Permission;
import org.medsoc.intel.FeedStatus;
import org.medsoc.intel.ImportResult;
import org.medsoc.intel.Indicator;
import org.medsoc.intel.IndicatorKey;
import org.medsoc.intel.IndicatorType;
import org.medsoc.intel.IntelLibrary;
import org.medsoc.intel.RecordedSighting;
import org.medsoc.intel.Sighting;
import org.medsoc.intel.SightingCounts;
import org.medsoc.intel.SightingKind;
import org.medsoc.intel.SightingOrigin;
import org.medsoc.intel.Sightings;
import org.medsoc.intel.WarningList;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Threat intelligence of the node (indicators node-wide, like rules; sightings per tenant).
 *
 * <ul>
 *   <li>{@code GET /api/v1/intel/bundles}; {@code PUT /api/v1/intel/bundles/{name}} with a STIX 2.1 bundle
 *       ({@code application/json}) → indicators taken and, per object, why any was not;
 *       {@code DELETE /api/v1/intel/bundles/{name}}</li>
 *   <li>{@code GET /api/v1/intel/indicators?type=&q=&limit=} → live indicators, each with the sighting counts of
 *       the request's tenant when the caller may read its alerts</li>
 *   <li>{@code GET /api/v1/intel/export} → every live indicator and the tenant's sightings as one STIX 2.1 bundle</li>
 *   <li>{@code POST /api/v1/intel/sightings} {@code {type, value, kind, time?, firstSeen?, count?, note?}} → the
 *       recorded sighting (201); a FALSE_POSITIVE or EXPIRED suppresses the indicator's alerts for the tenant, a
 *       later TRUE_POSITIVE lifts that</li>
 *   <li>{@code GET /api/v1/intel/indicators/{type}/{value}/sightings?limit=} (and
 *       {@code GET /api/v1/intel/sightings?type=&value=} for values with '/') → the tenant's sightings of one
 *       indicator, newest first, and their counts</li>
 *   <li>{@code GET /api/v1/intel/feeds} → the polled TAXII and MISP feeds and how their last polls went</li>
 *   <li>{@code GET /api/v1/intel/warning-lists} → the warning lists in force (known-benign values that never match:
 *       the shipped public resolvers and the operators' own); {@code GET|PUT|DELETE /api/v1/intel/warning-lists/{name}}
 *       with the list as text ({@code TYPE value} per line, {@code #} comments), node-wide like the indicators</li>
 * </ul>
 * Every ingested event is matched against the indicators; hits carry {@code medsoc.intel.*} fields and raise the
 * built-in alert "Threat-intelligence indicator observed".
 */
public final class IntelResource implements HttpService {
    private static final int MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
    private static final int MAX_EXPORTED = 100_000;
    private static final int MAX_WARNING_LIST_BYTES = 4 * 1024 * 1024;

    private static final Set<String> SIGHTING_PROPERTIES =
            Set.of("type", "value", "kind", "time", "firstSeen", "count", "note");

    private final IntelLibrary library;
    private final TenantResolver tenants;
    private final Sightings sightings;
    private final Supplier<List<FeedStatus>> feeds;

    public IntelResource(IntelLibrary library, TenantResolver tenants, Sightings sightings,
            Supplier<List<FeedStatus>> feeds) {
        this.library = requireNonNull(library, "library is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.sightings = requireNonNull(sightings, "sightings is null");
        this.feeds = requireNonNull(feeds, "feeds is null");
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
                .get("/warning-lists", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_READ);
                    IncidentsResource.send(res, Map.of("lists", library.warningLists().stream()
                            .map(w -> warningList(w, false)).toList()));
                })
                .get("/warning-lists/{name}", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_READ);
                    String name = req.path().pathParameters().get("name");
                    IncidentsResource.send(res, warningList(library.warningLists().stream()
                            .filter(w -> w.name().equals(name)).findFirst()
                            .orElseThrow(() -> new MedsocException(ApiErrorCode.NOT_FOUND,
                                    "no warning list is named '" + name + "'")), true));
                })
                .put("/warning-lists/{name}", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_WRITE);
                    byte[] body = RequestBodies.read(req, MAX_WARNING_LIST_BYTES, n -> new MedsocException(
                            ApiErrorCode.BODY_TOO_LARGE, "a warning list is at most " + MAX_WARNING_LIST_BYTES
                            + " bytes of text ('TYPE value' per line)"));
                    IncidentsResource.send(res, warningList(library.putWarningList(
                            req.path().pathParameters().get("name"), new String(body, StandardCharsets.UTF_8)), true));
                })
                .delete("/warning-lists/{name}", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_WRITE);
                    library.deleteWarningList(req.path().pathParameters().get("name"));
                    res.status(204);
                    res.send();
                })
                .get("/indicators", this::indicators)
                .get("/indicators/{type}/{value}/sightings", (req, res) -> listSightings(req, res,
                        req.path().pathParameters().get("type"), req.path().pathParameters().get("value")))
                .get("/sightings", (req, res) -> listSightings(req, res,
                        req.query().first("type").orElseThrow(() -> JsonBody.missing("type", "an indicator type")),
                        req.query().first("value").orElseThrow(() -> JsonBody.missing("value", "the indicator value"))))
                .post("/sightings", this::reportSighting)
                .get("/feeds", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_READ);
                    IncidentsResource.send(res, Map.of("feeds", feeds.get()));
                })
                .get("/export", (req, res) -> {
                    Access.requireOnNode(req, tenants, Permission.RULES_READ);
                    List<Sighting> of = new ArrayList<>();
                    Optional<TenantId> t = sightingTenant(req);
                    if (t.isPresent()) {
                        for (RecordedSighting s : sightings.updatedAfter(t.get(), Optional.empty(), MAX_EXPORTED)) {
                            of.add(s.toSighting());
                        }
                    }
                    res.header(HeaderNames.CONTENT_TYPE, "application/stix+json;version=2.1");
                    res.send(library.exportStix(of).getBytes(StandardCharsets.UTF_8));
                });
    }

    /** A warning list as the API shows it: name, whether it ships with medsoc, size and (on request) its entries. */
    private static Map<String, Object> warningList(WarningList w, boolean withEntries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("builtin", w.name().equals("public-resolvers"));
        m.put("size", w.entries().size());
        if (withEntries) {
            m.put("entries", w.entries().stream().map(k -> Map.of("type", k.type().name(), "value", k.value())).toList());
        }
        return m;
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

    /** The tenant whose sightings go with node-wide indicator answers: the request's, if the caller reads its alerts. */
    private Optional<TenantId> sightingTenant(ServerRequest req) {
        TenantId t = tenants.resolve(req);
        return Access.principal(req).can(Permission.ALERTS_READ, t) ? Optional.of(t) : Optional.empty();
    }

    private void reportSighting(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = Access.tenant(req, tenants, Permission.ALERTS_WRITE);
        JsonBody b = JsonBody.read(req, SIGHTING_PROPERTIES);
        IndicatorKey key = key(b.string("type"), b.string("value"));
        SightingKind kind = IncidentsResource.parse(SightingKind.class, "kind", b.string("kind"));
        Instant time = b.optionalString("time").map(v -> instant("time", v)).orElseGet(Instant::now);
        Instant first = b.optionalString("firstSeen").map(v -> instant("firstSeen", v)).orElse(time);
        long count = b.has("count") ? b.longValue("count") : 1;
        Sighting s = new Sighting(key, time, kind, Access.principal(req).username(), count,
                b.optionalString("note").orElse(""), first);
        RecordedSighting recorded = sightings.report(tenant, s, SightingOrigin.USER);
        res.status(201);
        IncidentsResource.send(res, Map.of("sighting", recorded,
                "suppressed", sightings.suppressed(tenant, key)));
    }

    private void listSightings(ServerRequest req, ServerResponse res, String type, String value) {
        TenantId tenant = Access.tenant(req, tenants, Permission.ALERTS_READ);
        IndicatorKey key = key(type, value);
        int limit = new RequestParameters(req.query(), () -> 0L).integer("limit", 100, 1, 10_000);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenant", tenant.value());
        answer.put("type", key.type().name().toLowerCase(Locale.ROOT));
        answer.put("value", key.value());
        answer.put("counts", sightings.counts(tenant).getOrDefault(key, SightingCounts.NONE));
        answer.put("sightings", sightings.of(tenant, key, limit));
        IncidentsResource.send(res, answer);
    }

    private static IndicatorKey key(String type, String value) {
        IndicatorType t = IncidentsResource.parse(IndicatorType.class, "type", type.toUpperCase(Locale.ROOT));
        return new IndicatorKey(t, value);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "property '" + name
                    + "' must be an ISO-8601 instant such as 2026-11-25T08:00:00Z");
        }
    }

    private void indicators(ServerRequest req, ServerResponse res) {
        Access.requireOnNode(req, tenants, Permission.RULES_READ);
        Optional<TenantId> sightingTenant = sightingTenant(req);
        Map<IndicatorKey, SightingCounts> counts = sightingTenant.map(sightings::counts).orElse(Map.of());
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
                    if (sightingTenant.isPresent()) {
                        m.put("sightings", counts.getOrDefault(i.key(), SightingCounts.NONE));
                    }
                    out.add(m);
                }
            }
        });
        IncidentsResource.send(res, Map.of("total", total[0], "indicators", out));
    }
}
