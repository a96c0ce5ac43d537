package org.medsoc.federation;

/**
 * Acts on one directive at the node. Delivery is at least once (a directive may be handed over again after a crash
 * between handling and advancing the cursor), so handlers must be idempotent, keyed by {@link Directive#id()}.
 * Throwing leaves the cursor before the directive, which is handed over again on the next fetch.
 */
@FunctionalInterface
public interface DirectiveHandler {
    /** Acts on the directive. */
    void handle(Directive directive);
}
