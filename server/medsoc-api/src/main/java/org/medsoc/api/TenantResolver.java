package org.medsoc.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import org.medsoc.spi.event.TenantId;

/**
 * Decides the tenant a request acts for: the {@code X-Medsoc-Tenant} header, else the {@code tenant} query parameter,
 * else the default tenant. Which tenants a caller may act on is decided by its grants (see Access).
 */
public final class TenantResolver {
    /** Header naming the tenant of a request. */
    public static final String TENANT_HEADER = "X-Medsoc-Tenant";

    private final TenantId defaultTenant;

    public TenantResolver(TenantId defaultTenant) {
        this.defaultTenant = defaultTenant;
    }

    /** The tenant of this request; a malformed tenant is a precise 400. */
    public TenantId resolve(ServerRequest req) {
        return named(req).orElse(defaultTenant);
    }

    /** The tenant the request names explicitly, if any; a malformed tenant is a precise 400. */
    public java.util.Optional<TenantId> named(ServerRequest req) {
        var header = req.headers().first(HeaderNames.create(TENANT_HEADER));
        if (header.isPresent() && !header.get().isBlank()) {
            return java.util.Optional.of(RequestParameters.tenant(header.get().trim()));
        }
        var param = req.query().first("tenant");
        if (param.isPresent() && !param.get().isBlank()) {
            return java.util.Optional.of(RequestParameters.tenant(param.get().trim()));
        }
        return java.util.Optional.empty();
    }

    /** The node's own tenant. */
    public TenantId defaultTenant() {
        return defaultTenant;
    }
}
