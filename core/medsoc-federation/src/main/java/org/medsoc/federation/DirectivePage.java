package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Directives after a cursor, in position order.
 *
 * @param directives up to the requested limit
 * @param cursor the position of the last directive returned, or the requested cursor when none
 * @param more whether more directives wait after {@code cursor}
 */
public record DirectivePage(List<Directive> directives, long cursor, boolean more) {
    /** Checks the parts. */
    public DirectivePage {
        directives = List.copyOf(requireNonNull(directives, "directives is null"));
    }
}
