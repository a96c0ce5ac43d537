package org.medsoc.api;

import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.medsoc.identity.Permission;
import org.medsoc.identity.Principal;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Who is calling and for which tenant. The authentication filter of {@link ApiRouting} puts the {@link Principal}
 * into the request context; resources ask {@link #tenant} for the tenant they act on, which checks the permission
 * (a tenant the caller holds nothing on answers exactly like an unknown one: 403 with the same message).
 */
final class Access {
    /** The tenant a request acted on, kept in the request context for the audit record. */
    record ActedOn(TenantId tenant) {}

    private Access() {}

    static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class).orElseThrow(() -> new MedsocException(
                ApiErrorCode.UNAUTHENTICATED, "missing or invalid bearer token: send 'Authorization: Bearer <token>'"));
    }

    /**
     * The tenant named by the request ({@code X-Medsoc-Tenant} header or {@code tenant} parameter), else the
     * resolver's default tenant when the caller holds the permission there, else the caller's only tenant with it;
     * the caller must hold {@code permission} on it.
     */
    static TenantId tenant(ServerRequest req, TenantResolver resolver, Permission permission) {
        Principal p = principal(req);
        Optional<TenantId> named = resolver.named(req);
        TenantId tenant;
        if (named.isPresent()) {
            tenant = named.get();
        } else if (p.can(permission, resolver.defaultTenant())) {
            tenant = resolver.defaultTenant();
        } else {
            var granted = p.tenants(permission);
            tenant = granted.size() == 1 ? granted.iterator().next() : resolver.defaultTenant();
        }
        req.context().register(new ActedOn(tenant));
        p.require(permission, tenant);
        return tenant;
    }

    /** Requires a permission on the node's own tenant (node-wide resources such as rules). */
    static void requireOnNode(ServerRequest req, TenantResolver resolver, Permission permission) {
        principal(req).require(permission, resolver.defaultTenant());
    }

    static String clientAddress(ServerRequest req) {
        if (req.remotePeer().address() instanceof InetSocketAddress a) {
            return a.getAddress().getHostAddress();
        }
        return String.valueOf(req.remotePeer().address());
    }
}
