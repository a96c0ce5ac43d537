package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.medsoc.audit.AuditLog;
import org.medsoc.audit.AuditQuery;
import org.medsoc.identity.Permission;
import org.medsoc.identity.Principal;
import org.medsoc.spi.event.TenantId;

/**
 * The audit log, for auditors: {@code GET /api/v1/audit?from=&to=&actor=&action=&offset=&limit=} (newest first; the
 * tenants the caller holds AUDIT_READ on, or the one named by {@code X-Medsoc-Tenant}; node-wide entries only for
 * callers auditing the node's own tenant) and {@code GET /api/v1/audit/verify} (walks the hash chain; any auditor may ask).
 */
public final class AuditResource implements HttpService {
    private final AuditLog log;
    private final TenantResolver tenants;
    private final LongSupplier clock;

    public AuditResource(AuditLog log, TenantResolver tenants, LongSupplier clock) {
        this.log = requireNonNull(log, "log is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::query).get("/verify", this::verify);
    }

    private void query(ServerRequest req, ServerResponse res) {
        Principal p = Access.principal(req);
        Set<TenantId> scope = tenants.named(req).isPresent()
                ? Set.of(Access.tenant(req, tenants, Permission.AUDIT_READ))
                : p.tenants(Permission.AUDIT_READ);
        if (scope.isEmpty()) {
            p.require(Permission.AUDIT_READ, tenants.defaultTenant());
        }
        boolean global = p.can(Permission.AUDIT_READ, tenants.defaultTenant());
        RequestParameters q = new RequestParameters(req.query(), clock);
        Optional<Instant> from = q.find("from").map(v -> Instant.ofEpochMilli(q.time("from", 0)));
        Optional<Instant> to = q.find("to").map(v -> Instant.ofEpochMilli(q.time("to", 0)));
        AuditQuery query = new AuditQuery(scope, global, from, to, q.find("actor"), q.find("action"),
                q.integer("offset", 0, 0, 1_000_000), q.integer("limit", 100, 1, AuditQuery.MAX_LIMIT));
        IncidentsResource.send(res, Map.of("entries", log.query(query)));
    }

    private void verify(ServerRequest req, ServerResponse res) {
        Principal p = Access.principal(req);
        if (p.tenants(Permission.AUDIT_READ).isEmpty()) {
            p.require(Permission.AUDIT_READ, tenants.defaultTenant());
        }
        var v = log.verify();
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("intact", v.intact());
        answer.put("checked", v.checked());
        v.firstBroken().ifPresent(b -> answer.put("firstBroken", b));
        v.reason().ifPresent(r -> answer.put("reason", r));
        IncidentsResource.send(res, answer);
    }
}
