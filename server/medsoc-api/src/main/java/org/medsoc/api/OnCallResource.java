package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.medsoc.identity.Permission;
import org.medsoc.oncall.OnCallDirectory;
import org.medsoc.oncall.OnCallSetups;
import org.medsoc.oncall.PagingService;
import org.medsoc.oncall.ProtectionWindow;
import org.medsoc.oncall.TenantOnCall;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.TenantId;

/**
 * On-call rosters, escalation and paging of a tenant.
 *
 * <ul>
 *   <li>{@code GET /api/v1/oncall} → who is on duty now (in escalation order) and the setup's YAML;
 *       {@code PUT /api/v1/oncall} with the setup ({@code application/yaml}; see {@code OnCallSetups}) → validated,
 *       every problem reported at once, kept in {@code <data>/oncall/<tenant>.yml}</li>
 *   <li>{@code POST /api/v1/oncall/protection} {@code {start, end, factor, reason}} → a special-protection period
 *       (重保): escalation delays multiplied by {@code factor}, quiet hours ignored</li>
 *   <li>{@code GET /api/v1/oncall/pages?incident=} (without {@code incident}: the tenant's live pages, then its
 *       most recent finished ones, {@code limit} in all, default 50); {@code GET /api/v1/oncall/pages/{id}} (with every delivery
 *       attempt); {@code POST /api/v1/oncall/pages/{id}/acknowledge|resolve}</li>
 * </ul>
 * An incident opened in a tenant with a setup pages its on-duty engineer; acknowledging the incident (or the page)
 * stops the escalation.
 */
public final class OnCallResource implements HttpService {
    private final OnCallDirectory directory;
    private final PagingService paging;
    private final TenantResolver tenants;
    private final Path dir;
    private final Supplier<Instant> clock;

    public OnCallResource(OnCallDirectory directory, PagingService paging, TenantResolver tenants, Path dir,
            Supplier<Instant> clock) {
        this.directory = requireNonNull(directory, "directory is null");
        this.paging = requireNonNull(paging, "paging is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.dir = requireNonNull(dir, "dir is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Registers every setup kept in {@code dir} (at start). */
    public static void loadAll(OnCallDirectory directory, Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                TenantId tenant = TenantId.of(f.getFileName().toString().replaceFirst("\\.yml$", ""));
                directory.register(OnCallSetups.parse(tenant, Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot read on-call setups in " + dir + ": " + e, e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::show)
                .put("/", this::save)
                .post("/protection", this::protection)
                .get("/pages", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.INCIDENTS_READ);
                    var incident = req.query().first("incident");
                    if (incident.isPresent()) {
                        IncidentsResource.send(res, Map.of("pages", paging.pagesOf(t, incident.get())));
                        return;
                    }
                    int limit = new RequestParameters(req.query(), () -> 0L).integer("limit", 50, 1, 500);
                    IncidentsResource.send(res, Map.of("pages", paging.recent(t, limit)));
                })
                .get("/pages/{id}", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.INCIDENTS_READ);
                    long id = id(req);
                    IncidentsResource.send(res, Map.of("page", paging.find(t, id).orElseThrow(() -> notFound(id)),
                            "deliveries", paging.deliveries(t, id)));
                })
                .post("/pages/{id}/acknowledge", (req, res) -> IncidentsResource.send(res, paging.acknowledge(
                        Access.tenant(req, tenants, Permission.INCIDENTS_WRITE), id(req),
                        Access.principal(req).username())))
                .post("/pages/{id}/resolve", (req, res) -> IncidentsResource.send(res, paging.resolve(
                        Access.tenant(req, tenants, Permission.INCIDENTS_WRITE), id(req),
                        Access.principal(req).username())));
    }

    private void show(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.INCIDENTS_READ);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configured", directory.find(t).isPresent());
        m.put("onDuty", directory.find(t).isPresent() ? directory.onDuty(t, clock.get()) : java.util.List.of());
        Path f = dir.resolve(t.value() + ".yml");
        if (Files.exists(f)) {
            m.put("yaml", Files.readString(f, StandardCharsets.UTF_8));
        }
        IncidentsResource.send(res, m);
    }

    private void save(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_WRITE);
        byte[] body = RequestBodies.read(req, 256 * 1024, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "an on-call setup is at most 256 KiB of YAML"));
        String yaml = new String(body, StandardCharsets.UTF_8);
        TenantOnCall setup = OnCallSetups.parse(t, yaml);
        var warnings = directory.register(setup);
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + t.value() + ".yml.tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(t.value() + ".yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        IncidentsResource.send(res, Map.of("saved", true, "warnings", warnings,
                "onDuty", directory.onDuty(t, clock.get())));
    }

    private void protection(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_WRITE);
        JsonBody b = JsonBody.read(req, Set.of("start", "end", "factor", "reason"));
        double factor = b.has("factor") ? b.node("factor").asDouble() : 0.5;
        ProtectionWindow w;
        try {
            w = new ProtectionWindow(Instant.parse(b.string("start")), Instant.parse(b.string("end")), factor,
                    b.string("reason"));
        } catch (DateTimeParseException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "start and end must be ISO-8601 instants");
        }
        directory.startProtection(t, w);
        IncidentsResource.send(res, Map.of("protection", w));
    }

    private static long id(ServerRequest req) {
        String v = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, "page id must be an integer, was '" + v + "'");
        }
    }

    private static MedsocException notFound(long id) {
        return new MedsocException(org.medsoc.oncall.OnCallErrorCode.PAGE_NOT_FOUND, "no page " + id + " in this tenant");
    }
}
