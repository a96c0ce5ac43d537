package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medsoc.asset.AssetInventory;
import org.medsoc.asset.ChangeSource;
import org.medsoc.findings.Actor;
import org.medsoc.findings.CsvLanguage;
import org.medsoc.findings.EpssScores;
import org.medsoc.findings.FindingLedger;
import org.medsoc.findings.FindingQuery;
import org.medsoc.findings.FindingSort;
import org.medsoc.findings.FindingState;
import org.medsoc.findings.ImportResult;
import org.medsoc.findings.KevCatalog;
import org.medsoc.findings.RemediationPlan;
import org.medsoc.findings.RiskAcceptance;
import org.medsoc.identity.Permission;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.vuln.ParseLimits;
import org.medsoc.vuln.ReimportScope;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScanReport;
import org.medsoc.vuln.ScanReports;
import org.medsoc.vuln.Severity;

/**
 * Vulnerability findings of a tenant: the ledger, the remediation plan, retests and risk acceptance.
 *
 * <ul>
 *   <li>{@code POST /api/v1/vulnerabilities/import?source=} with a Nessus, OpenVAS, Nuclei or nmap report (format
 *       detected) → new, seen again, fixed and reopened counts; the scanned hosts also update the asset ledger</li>
 *   <li>{@code GET /api/v1/vulnerabilities?state=&severity=&host=&cve=&kev=&overdue=&q=&sort=&offset=&limit=};
 *       {@code GET /api/v1/vulnerabilities/counts}; {@code GET /api/v1/vulnerabilities/export?table=ledger|plan&lang=zh|en}</li>
 *   <li>{@code GET /api/v1/vulnerabilities/{id}} and {@code /history}; {@code POST /api/v1/vulnerabilities/{id}/{action}}
 *       with action plan {@code {version, owner, action, due}}, accept {@code {version, reason, expiresAt}},
 *       false-positive {@code {version, reason}}, fixed, retest {@code {version}}, reopen {@code {version, reason}}</li>
 *   <li>{@code POST /api/v1/vulnerabilities/kev} (CISA KEV JSON) and {@code /epss} (FIRST EPSS CSV)</li>
 * </ul>
 */
public final class VulnerabilitiesResource implements HttpService {
    private static final int MAX_REPORT_BYTES = 512 * 1024 * 1024;

    private final FindingLedger ledger;
    private final AssetInventory assets;
    private final TenantResolver tenants;

    public VulnerabilitiesResource(FindingLedger ledger, AssetInventory assets, TenantResolver tenants) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.assets = requireNonNull(assets, "assets is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/import", this::importReport)
                .get("/counts", (req, res) -> IncidentsResource.send(res, ledger.counts(read(req))))
                .get("/imports", (req, res) -> IncidentsResource.send(res, Map.of("imports", ledger.imports(read(req)))))
                .get("/export", this::export)
                .post("/kev", (req, res) -> {
                    TenantId t = write(req);
                    int n = ledger.markKnownExploited(t, KevCatalog.parse(new ByteArrayInputStream(body(req))), actor(req));
                    IncidentsResource.send(res, Map.of("marked", n));
                })
                .post("/epss", (req, res) -> {
                    TenantId t = write(req);
                    IncidentsResource.send(res, Map.of("scored", ledger.applyEpss(t,
                            EpssScores.parse(new ByteArrayInputStream(body(req))))));
                })
                .get("/{id}", (req, res) -> {
                    long id = id(req);
                    IncidentsResource.send(res, ledger.find(read(req), id).orElseThrow(() -> notFound(id)));
                })
                .get("/{id}/history", (req, res) -> IncidentsResource.send(res,
                        Map.of("history", ledger.history(read(req), id(req)))))
                .post("/{id}/{action}", this::act);
    }

    private TenantId read(ServerRequest req) {
        return Access.tenant(req, tenants, Permission.VULNS_READ);
    }

    private TenantId write(ServerRequest req) {
        return Access.tenant(req, tenants, Permission.VULNS_WRITE);
    }

    private static Actor actor(ServerRequest req) {
        var p = Access.principal(req);
        return new Actor(p.username(), p.displayName());
    }

    private static byte[] body(ServerRequest req) throws IOException {
        return RequestBodies.read(req, MAX_REPORT_BYTES, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "upload of " + n + "+ bytes exceeds " + MAX_REPORT_BYTES + " bytes"));
    }

    private void importReport(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = write(req);
        byte[] report = body(req);
        String source = req.query().first("source").orElse("upload");
        ReportFormat format = ScanReports.detect(report.length > 65536 ? java.util.Arrays.copyOf(report, 65536) : report);
        ScanReport parsed = ScanReports.parse(new ByteArrayInputStream(report), source, format, ParseLimits.DEFAULTS);
        ImportResult r = ledger.importReport(t, parsed, ReimportScope.scannedHosts(), actor(req), source);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("format", format.name().toLowerCase(Locale.ROOT));
        answer.put("result", r);
        if (!parsed.hosts().isEmpty()) {
            answer.put("assets", assets.importDiscovered(t, AssetsResource.discovered(parsed),
                    format == ReportFormat.NMAP ? ChangeSource.NMAP : ChangeSource.PASSIVE, actor(req).id()));
        }
        IncidentsResource.send(res, answer);
    }

    private void list(ServerRequest req, ServerResponse res) {
        TenantId t = read(req);
        IncidentsResource.send(res, ledger.list(t, query(req)));
    }

    private static FindingQuery query(ServerRequest req) {
        FindingQuery.Builder b = FindingQuery.builder();
        var q = req.query();
        for (String name : q.names()) {
            String v = q.first(name).orElse("");
            switch (name) {
                case "state" -> {
                    List<FindingState> states = new ArrayList<>();
                    for (String s : v.split(",")) {
                        states.add(IncidentsResource.parse(FindingState.class, "state", s));
                    }
                    b.states(states.toArray(FindingState[]::new));
                }
                case "severity" -> {
                    List<Severity> sev = new ArrayList<>();
                    for (String s : v.split(",")) {
                        sev.add(IncidentsResource.parse(Severity.class, "severity", s));
                    }
                    b.severities(sev.toArray(Severity[]::new));
                }
                case "host" -> b.host(v);
                case "cve" -> b.cve(v);
                case "kev" -> {
                    if (v.equals("true")) {
                        b.knownExploitedOnly();
                    }
                }
                case "overdue" -> {
                    if (v.equals("true")) {
                        b.overdueOnly();
                    }
                }
                case "q" -> b.text(v);
                case "sort" -> b.sort(FindingSort.of(v.startsWith("-") ? v.substring(1) : v), v.startsWith("-"));
                case "offset", "limit", "tenant", "table", "lang" -> { }
                default -> throw RequestParameters.invalid(name, v,
                        "a known filter: state, severity, host, cve, kev, overdue, q, sort, offset, limit");
            }
        }
        RequestParameters p = new RequestParameters(q, () -> 0L);
        b.page(p.integer("offset", 0, 0, Integer.MAX_VALUE), p.integer("limit", 50, 1, FindingQuery.MAX_LIMIT));
        return b.build();
    }

    private void export(ServerRequest req, ServerResponse res) {
        TenantId t = read(req);
        String table = req.query().first("table").orElse("ledger");
        String lang = req.query().first("lang").orElse("zh");
        CsvLanguage language = switch (lang) {
            case "zh" -> CsvLanguage.CHINESE;
            case "en" -> CsvLanguage.ENGLISH;
            default -> throw RequestParameters.invalid("lang", lang, "zh or en");
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FindingQuery all = FindingQuery.builder().page(0, FindingQuery.MAX_LIMIT).build();
        switch (table) {
            case "ledger" -> ledger.exportLedgerCsv(t, all, language, out);
            case "plan" -> ledger.exportRemediationCsv(t, all, language, out);
            default -> throw RequestParameters.invalid("table", table, "ledger or plan");
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"vulnerabilities-" + table + ".csv\"");
        res.send(out.toByteArray());
    }

    private void act(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = write(req);
        long id = id(req);
        String action = req.path().pathParameters().get("action");
        JsonBody b = JsonBody.read(req, Set.of("version", "owner", "action", "due", "reason", "expiresAt"));
        long version = b.longValue("version");
        Actor actor = actor(req);
        var result = switch (action) {
            case "plan" -> ledger.planRemediation(t, id, version,
                    new RemediationPlan(b.string("owner"), b.string("action"), instant(b, "due")), actor);
            case "accept" -> ledger.accept(t, id, version,
                    new RiskAcceptance(b.string("reason"), actor.name(), instant(b, "expiresAt")), actor);
            case "false-positive" -> ledger.markFalsePositive(t, id, version, b.string("reason"), actor);
            case "fixed" -> ledger.markFixed(t, id, version, actor);
            case "retest" -> ledger.requestRetest(t, id, version, actor);
            case "reopen" -> ledger.reopen(t, id, version, b.string("reason"), actor);
            default -> throw new MedsocException(ApiErrorCode.NOT_FOUND, "no action '" + action
                    + "' on a finding; one of plan, accept, false-positive, fixed, retest, reopen");
        };
        IncidentsResource.send(res, result);
    }

    private static Instant instant(JsonBody b, String name) {
        String v = b.string(name);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "property '" + name
                    + "' must be an ISO-8601 instant such as 2026-12-31T00:00:00Z, was '" + v + "'");
        }
    }

    private static long id(ServerRequest req) {
        String v = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, "finding id must be an integer, was '" + v + "'");
        }
    }

    private static MedsocException notFound(long id) {
        return new MedsocException(ApiErrorCode.NOT_FOUND, "no finding " + id + " in this tenant");
    }
}
