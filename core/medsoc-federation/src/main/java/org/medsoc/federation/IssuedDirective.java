package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A directive the hub issued: its id and the nodes it was queued for. */
public record IssuedDirective(long id, DirectiveType type, List<NodeId> nodes) {
    /** Checks the parts. */
    public IssuedDirective {
        requireNonNull(type, "type is null");
        nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
    }
}
