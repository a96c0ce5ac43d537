package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.http.Header;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medsoc.identity.Permission;
import org.medsoc.identity.Principal;
import org.medsoc.intel.TaxiiCaller;
import org.medsoc.intel.TaxiiRequest;
import org.medsoc.intel.TaxiiResponse;
import org.medsoc.intel.TaxiiServer;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Mounts a {@link TaxiiServer} (TAXII 2.1) on Helidon, at {@code /taxii2}. The authentication filter of
 * {@link ApiRouting} requires a bearer token there as under {@code /api} (a missing or invalid one answers 401 with a
 * TAXII error message in {@value TaxiiServer#MEDIA_TYPE}); a caller reads the API root of a tenant
 * where it holds {@link Permission#RULES_READ} and adds objects where it holds {@link Permission#RULES_WRITE}.
 */
public final class TaxiiResource implements HttpService {
    private final TaxiiServer server;

    public TaxiiResource(TaxiiServer server) {
        this.server = requireNonNull(server, "server is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) throws IOException {
        Principal p = Access.principal(req);
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            query.put(name, req.query().all(name));
        }
        Map<String, String> headers = new HashMap<>();
        for (Header h : req.headers()) {
            headers.putIfAbsent(h.name(), h.get());
        }
        byte[] body = req.prologue().method().text().equals("POST")
                ? RequestBodies.read(req, TaxiiServer.MAX_CONTENT_LENGTH, n -> new MedsocException(
                        ApiErrorCode.BODY_TOO_LARGE, "TAXII envelope of " + n + "+ bytes exceeds "
                                + TaxiiServer.MAX_CONTENT_LENGTH + " bytes"))
                : new byte[0];
        String path = ApiRouting.instance(req).substring("/taxii2".length());
        TaxiiResponse r = server.handle(new TaxiiRequest(req.prologue().method().text(), path.isEmpty() ? "/" : path,
                query, headers, body, new TaxiiCaller() {
                    @Override
                    public boolean canRead(TenantId tenant) {
                        return p.can(Permission.RULES_READ, tenant);
                    }

                    @Override
                    public boolean canWrite(TenantId tenant) {
                        return p.can(Permission.RULES_WRITE, tenant);
                    }

                    @Override
                    public String name() {
                        return p.username();
                    }
                }));
        ApiRouting.send(res, r);
    }
}
