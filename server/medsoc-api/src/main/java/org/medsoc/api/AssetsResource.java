package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medsoc.asset.AssetAttributes;
import org.medsoc.asset.AssetInventory;
import org.medsoc.asset.AssetKind;
import org.medsoc.asset.AssetQuery;
import org.medsoc.asset.AssetSort;
import org.medsoc.asset.AssetStatus;
import org.medsoc.asset.ChangeSource;
import org.medsoc.asset.DiscoveredHost;
import org.medsoc.asset.OpenPort;
import org.medsoc.identity.Permission;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScanReport;
import org.medsoc.vuln.ScanReports;
import org.medsoc.vuln.ScannedHost;

/**
 * The asset ledger of a tenant.
 *
 * <ul>
 *   <li>{@code GET /api/v1/assets?kind=&business_system=&min_criticality=&status=&q=&exposed=&sort=&offset=&limit=}</li>
 *   <li>{@code POST /api/v1/assets} (the attributes), {@code GET /api/v1/assets/{id}}, {@code PUT /api/v1/assets/{id}}
 *       {@code {version, attributes}}, {@code POST /api/v1/assets/{id}/confirm|retire} {@code {version}},
 *       {@code GET /api/v1/assets/{id}/history}</li>
 *   <li>{@code POST /api/v1/assets/import}: a ledger as {@code text/csv} (Chinese or English headers), or an nmap XML
 *       report ({@code application/xml}); all or nothing, answers what was created, updated, unchanged, rejected</li>
 *   <li>{@code GET /api/v1/assets/export?headers=zh|en} → CSV (UTF-8 with BOM)</li>
 * </ul>
 */
public final class AssetsResource implements HttpService {
    private static final int MAX_IMPORT_BYTES = 64 * 1024 * 1024;

    private final AssetInventory inventory;
    private final TenantResolver tenants;

    public AssetsResource(AssetInventory inventory, TenantResolver tenants) {
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .post("/import", this::importLedger)
                .get("/export", this::export)
                .get("/{id}", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.ASSETS_READ);
                    long id = id(req);
                    IncidentsResource.send(res, inventory.find(t, id).orElseThrow(() -> notFound(id)));
                })
                .put("/{id}", this::update)
                .post("/{id}/confirm", (req, res) -> transition(req, res, true))
                .post("/{id}/retire", (req, res) -> transition(req, res, false))
                .get("/{id}/history", (req, res) -> IncidentsResource.send(res,
                        Map.of("changes", inventory.history(Access.tenant(req, tenants, Permission.ASSETS_READ), id(req)))));
    }

    private void list(ServerRequest req, ServerResponse res) {
        TenantId t = Access.tenant(req, tenants, Permission.ASSETS_READ);
        var q = req.query();
        AssetQuery query = AssetQuery.all();
        for (String name : q.names()) {
            String v = q.first(name).orElse("");
            query = switch (name) {
                case "kind" -> query.withKind(AssetKind.parse(v).orElseThrow(() -> RequestParameters.invalid(name, v,
                        "one of " + java.util.Arrays.toString(AssetKind.values()).toLowerCase(Locale.ROOT))));
                case "business_system" -> query.withBusinessSystem(v);
                case "min_criticality" -> query.withMinCriticality(intParam(name, v, 1, 4));
                case "status" -> query.withStatus(IncidentsResource.parse(AssetStatus.class, name, v));
                case "q" -> query.withText(v);
                case "exposed" -> query.withExposedOnly(Boolean.parseBoolean(v));
                case "sort" -> query.withSort(AssetSort.of(v.startsWith("-") ? v.substring(1) : v), v.startsWith("-"));
                case "offset", "limit", "tenant" -> query;
                default -> throw RequestParameters.invalid(name, v, "a known filter: kind, business_system, "
                        + "min_criticality, status, q, exposed, sort, offset, limit");
            };
        }
        query = query.withPage(intParam("offset", q.first("offset").orElse("0"), 0, Integer.MAX_VALUE),
                intParam("limit", q.first("limit").orElse("50"), 1, AssetQuery.MAX_LIMIT));
        var page = inventory.list(t, query);
        IncidentsResource.send(res, Map.of("total", page.total(), "offset", page.offset(), "limit", page.limit(),
                "assets", page.items()));
    }

    private void create(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.ASSETS_WRITE);
        JsonNode body = Json.MAPPER.readTree(RequestBodies.read(req, JsonBody.MAX_BYTES, this::tooLarge));
        res.status(201);
        IncidentsResource.send(res, inventory.create(t, attributes(body), actor(req)));
    }

    private void update(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.ASSETS_WRITE);
        long id = id(req);
        JsonNode body = Json.MAPPER.readTree(RequestBodies.read(req, JsonBody.MAX_BYTES, this::tooLarge));
        if (body == null || !body.path("version").isIntegralNumber() || !body.path("attributes").isObject()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "body must be {\"version\": <the version you read>, \"attributes\": {...}}");
        }
        IncidentsResource.send(res, inventory.update(t, id, body.get("version").longValue(),
                attributes(body.get("attributes")), actor(req)));
    }

    private void transition(ServerRequest req, ServerResponse res, boolean confirm) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.ASSETS_WRITE);
        long id = id(req);
        long version = JsonBody.read(req, Set.of("version")).longValue("version");
        IncidentsResource.send(res, confirm ? inventory.confirm(t, id, version, actor(req))
                : inventory.retire(t, id, version, actor(req)));
    }

    private void importLedger(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.ASSETS_WRITE);
        String type = req.headers().contentType().map(m -> m.mediaType().text()).orElse("").toLowerCase(Locale.ROOT);
        byte[] body = RequestBodies.read(req, MAX_IMPORT_BYTES, this::tooLarge);
        if (type.equals("text/csv")) {
            IncidentsResource.send(res, inventory.importCsv(t, body, actor(req)));
        } else if (type.equals("application/xml") || type.equals("text/xml")) {
            ScanReport report = ScanReports.parse(new ByteArrayInputStream(body), "upload", ReportFormat.NMAP,
                    org.medsoc.vuln.ParseLimits.DEFAULTS);
            IncidentsResource.send(res, inventory.importDiscovered(t, discovered(report), ChangeSource.NMAP, actor(req)));
        } else {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "Content-Type '" + type
                    + "' cannot be imported; send a ledger as text/csv or an nmap XML report as application/xml");
        }
    }

    /** The hosts of an nmap report as discovered hosts (address, OS, open ports, CPEs). */
    static List<DiscoveredHost> discovered(ScanReport report) {
        Instant seen = report.scanEnd().or(report::scanStart).orElse(Instant.now());
        List<DiscoveredHost> hosts = new ArrayList<>();
        for (ScannedHost h : report.hosts()) {
            List<OpenPort> ports = new ArrayList<>();
            List<String> cpes = new ArrayList<>();
            for (org.medsoc.vuln.OpenPort p : h.openPorts()) {
                ports.add(new OpenPort(p.port(), p.protocol(), p.service().orElse(""), p.product().orElse(""),
                        p.version().orElse("")));
                cpes.addAll(p.cpes());
            }
            String os = h.operatingSystem().orElse("");
            hosts.add(new DiscoveredHost(h.address().ip().orElse(""), h.address().mac().orElse(""),
                    h.address().hostname().orElse(""), os, "", ports, cpes, AssetKind.HOST, seen));
        }
        return hosts;
    }

    private void export(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.ASSETS_READ);
        String headers = req.query().first("headers").orElse("zh");
        if (!headers.equals("zh") && !headers.equals("en")) {
            throw RequestParameters.invalid("headers", headers, "zh or en");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inventory.exportCsv(t, AssetQuery.all().withPage(0, AssetQuery.MAX_LIMIT), headers.equals("zh"), out);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"assets-" + t.value() + ".csv\"");
        res.send(out.toByteArray());
    }

    private static AssetAttributes attributes(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "asset attributes must be a JSON object");
        }
        try {
            return Json.MAPPER.treeToValue(node, AssetAttributes.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof MedsocException m) {
                throw m;
            }
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "invalid asset: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "invalid asset: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static String actor(ServerRequest req) {
        return Access.principal(req).username();
    }

    private static int intParam(String name, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw RequestParameters.invalid(name, v, "an integer within " + min + ".." + max);
    }

    private static long id(ServerRequest req) {
        String v = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, "asset id must be an integer, was '" + v + "'");
        }
    }

    private MedsocException tooLarge(long n) {
        return new MedsocException(ApiErrorCode.BODY_TOO_LARGE, "request body of " + n + "+ bytes is too large");
    }

    private static MedsocException notFound(long id) {
        return new MedsocException(org.medsoc.asset.AssetErrorCode.ASSET_NOT_FOUND, "no asset " + id + " in this tenant");
    }
}
