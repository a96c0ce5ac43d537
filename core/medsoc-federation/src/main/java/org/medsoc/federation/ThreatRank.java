package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

/** A threat named in the nodes' latest risk summaries: at how many nodes, and its total hits. */
public record ThreatRank(String name, int nodes, long hits) {
    /** Checks the parts. */
    public ThreatRank {
        requireNonNull(name, "name is null");
    }
}
