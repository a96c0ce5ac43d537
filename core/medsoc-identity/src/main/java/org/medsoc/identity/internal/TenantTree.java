package org.medsoc.identity.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medsoc.identity.Tenant;
import org.medsoc.identity.TenantStatus;
import org.medsoc.spi.event.TenantId;

/** A snapshot of all tenants and their membership, for expanding grants on districts to their members. */
public final class TenantTree {
    private final Map<TenantId, Tenant> tenants = new HashMap<>();
    private final Map<TenantId, List<TenantId>> children = new HashMap<>();

    /** A tree of the given tenants. */
    public TenantTree(List<Tenant> all) {
        for (Tenant t : all) {
            tenants.put(t.id(), t);
            t.parent().ifPresent(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(t.id()));
        }
    }

    /** The tenant, if it exists. */
    public Optional<Tenant> find(TenantId id) {
        return Optional.ofNullable(tenants.get(id));
    }

    /**
     * The tenants a grant on {@code id} covers: the tenant and, transitively, its members, stopping at tenants that
     * are not {@link TenantStatus#ACTIVE} (a disabled district covers nothing, a disabled member is skipped with its
     * own members).
     */
    public Set<TenantId> coverage(TenantId id) {
        Set<TenantId> out = new LinkedHashSet<>();
        Deque<TenantId> todo = new ArrayDeque<>();
        todo.add(id);
        while (!todo.isEmpty()) {
            TenantId next = todo.poll();
            Tenant t = tenants.get(next);
            if (t == null || t.status() != TenantStatus.ACTIVE || !out.add(next)) {
                continue;
            }
            todo.addAll(children.getOrDefault(next, List.of()));
        }
        return out;
    }

    /** The parent, grandparent and so on of {@code id}, nearest first. */
    public List<TenantId> ancestors(TenantId id) {
        List<TenantId> out = new ArrayList<>();
        Tenant t = tenants.get(id);
        while (t != null && t.parent().isPresent() && out.size() < tenants.size()) {
            TenantId p = t.parent().get();
            out.add(p);
            t = tenants.get(p);
        }
        return out;
    }

    /** The direct members of {@code id} that are not offboarded. */
    public List<TenantId> liveMembers(TenantId id) {
        return children.getOrDefault(id, List.of()).stream()
                .filter(c -> tenants.get(c).status() != TenantStatus.OFFBOARDED)
                .toList();
    }

    /** The active tenants without a parent. */
    public List<TenantId> activeTopLevel() {
        return tenants.values().stream()
                .filter(t -> t.parent().isEmpty() && t.status() == TenantStatus.ACTIVE)
                .map(Tenant::id)
                .toList();
    }

    /** All tenants. */
    public List<Tenant> all() {
        return List.copyOf(tenants.values());
    }
}
