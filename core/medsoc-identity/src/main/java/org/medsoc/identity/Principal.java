package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * An authenticated caller and what it may do: its grants as stored, and the effective permissions per tenant
 * computed from them when it authenticated (grants on a district or provider expanded to its members, disabled and
 * offboarded tenants left out, an API token's scope applied). Authorization asks {@link #can(Permission, TenantId)}
 * or {@link #require(Permission, TenantId)}; data queries ask {@link #tenants(Permission)} for the tenants to filter
 * on.
 *
 * <p>A tenant that does not exist and a tenant the principal holds nothing on give the same answers, so callers
 * cannot probe which tenants exist.
 *
 * @param userId the user (or {@link UserId#BOOTSTRAP})
 * @param username the login name
 * @param displayName the name to show
 * @param grants the user's grants as stored (unexpanded)
 * @param permissions effective permissions per tenant
 * @param method how the principal authenticated
 */
public record Principal(
        UserId userId,
        String username,
        String displayName,
        List<Grant> grants,
        Map<TenantId, Set<Permission>> permissions,
        AuthenticationMethod method) {

    /** Checks and copies the parts. */
    public Principal {
        requireNonNull(userId, "userId is null");
        requireNonNull(username, "username is null");
        requireNonNull(displayName, "displayName is null");
        grants = List.copyOf(requireNonNull(grants, "grants is null"));
        requireNonNull(permissions, "permissions is null");
        Map<TenantId, Set<Permission>> copy = new LinkedHashMap<>();
        permissions.forEach((tenant, set) -> {
            if (!set.isEmpty()) {
                copy.put(tenant, Collections.unmodifiableSet(EnumSet.copyOf(set)));
            }
        });
        permissions = Collections.unmodifiableMap(copy);
        requireNonNull(method, "method is null");
    }

    /**
     * The principal of the node's bootstrap bearer token: {@link Role#ADMIN} on {@code tenant} only. Use {@code
     * IdentityService.bootstrapPrincipal} to also cover the tenant's members.
     */
    public static Principal bootstrap(TenantId tenant) {
        return new Principal(UserId.BOOTSTRAP, "bootstrap", "Bootstrap token", List.of(new Grant(tenant, Role.ADMIN)),
                Map.of(tenant, Role.ADMIN.permissions()), AuthenticationMethod.BOOTSTRAP);
    }

    /** True when the principal holds {@code permission} on {@code tenant}. */
    public boolean can(Permission permission, TenantId tenant) {
        Set<Permission> set = permissions.get(tenant);
        return set != null && set.contains(permission);
    }

    /** The tenants on which the principal holds {@code permission} (members of districts included). */
    public Set<TenantId> tenants(Permission permission) {
        return permissions.entrySet().stream()
                .filter(e -> e.getValue().contains(permission))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The tenants on which the principal holds anything. */
    public Set<TenantId> tenants() {
        return permissions.keySet();
    }

    /**
     * Fails with {@link IdentityErrorCode#PERMISSION_DENIED} (HTTP 403) unless the principal holds {@code permission}
     * on {@code tenant}. The message is the same whether or not the tenant exists.
     */
    public void require(Permission permission, TenantId tenant) {
        if (!can(permission, tenant)) {
            throw denied(permission, tenant);
        }
    }

    /** The failure {@link #require} throws; for callers that decide themselves. */
    public MedsocException denied(Permission permission, TenantId tenant) {
        return new MedsocException(IdentityErrorCode.PERMISSION_DENIED,
                "'" + username + "' lacks permission " + permission + " on tenant '" + tenant
                        + "'; ask an administrator of that tenant for a role that includes it");
    }

    /** The permissions the principal holds on at least one tenant. */
    public Set<Permission> anyPermissions() {
        EnumSet<Permission> all = EnumSet.noneOf(Permission.class);
        permissions.values().forEach(all::addAll);
        return Collections.unmodifiableSet(all);
    }

    @Override
    public String toString() {
        return "Principal[" + username + " (" + userId + ") via " + method + " on "
                + new TreeSet<>(permissions.keySet().stream().map(TenantId::value).toList()) + "]";
    }
}
