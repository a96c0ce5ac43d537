package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.medsoc.spi.event.TenantId;

/** Which member nodes a directive or trace goes to; only active (not revoked) nodes are addressed. */
public sealed interface Target {
    /** Every active node. */
    record All() implements Target {}

    /** The active nodes of these tenants. */
    record Tenants(Set<TenantId> tenants) implements Target {
        /** Checks the parts. */
        public Tenants {
            tenants = Set.copyOf(requireNonNull(tenants, "tenants is null"));
        }
    }

    /** These nodes. */
    record Nodes(Set<NodeId> nodes) implements Target {
        /** Checks the parts. */
        public Nodes {
            nodes = Set.copyOf(requireNonNull(nodes, "nodes is null"));
        }
    }

    /** Every active node (a broadcast). */
    static Target all() {
        return new All();
    }

    /** The active nodes of the tenants. */
    static Target tenants(TenantId... tenants) {
        return new Tenants(Set.of(tenants));
    }

    /** The nodes. */
    static Target nodes(NodeId... nodes) {
        return new Nodes(Set.of(nodes));
    }
}
