package org.medsoc.detect.sigma;

import java.util.List;
import org.medsoc.detect.EventView;

/** A node of a compiled rule: decides on one event without allocating (except regex and CIDR v6 checks). */
public interface Matcher {
    /** Whether the event satisfies this node. */
    boolean matches(EventView event);

    /** Literals (lower case) every matching event contains somewhere; empty if none can be derived. */
    default List<String> requiredLiterals() {
        return List.of();
    }
}
