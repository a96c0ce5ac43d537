package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * Fetches the node's directives from the hub by cursor and hands each to a handler in position order; the persisted
 * cursor advances past a directive only after its handler returned, so a directive whose handler failed, or that
 * was handled just before a crash, is handed over again (at-least-once).
 */
public final class DirectiveFetcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DirectiveFetcher.class.getName());

    private final HubClient client;
    private final NodeState state;
    private final DirectiveHandler handler;
    private final int pageSize;
    private final LoopSlot loop = new LoopSlot("federation-directives", "directive fetcher");

    /** Creates a fetcher of pages of at most {@code pageSize} directives. */
    public DirectiveFetcher(HubClient client, NodeState state, DirectiveHandler handler, int pageSize) {
        this.client = requireNonNull(client, "client is null");
        this.state = requireNonNull(state, "state is null");
        this.handler = requireNonNull(handler, "handler is null");
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be 1 to 1000, was " + pageSize);
        }
        this.pageSize = pageSize;
    }

    /**
     * Fetches and handles every directive after the cursor; answers how many were handled. A failing handler stops
     * the round with {@link FederationErrorCode#DIRECTIVE_FAILED}, the cursor left before that directive.
     */
    public int fetchOnce() {
        NodeCredentials credentials = state.requireCredentials();
        int handled = 0;
        while (true) {
            long cursor = state.cursor(NodeState.DIRECTIVES);
            DirectivePage page = client.fetchDirectives(credentials, cursor, pageSize);
            for (Directive d : page.directives()) {
                try {
                    handler.handle(d);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "handling directive " + d.id() + " (" + d.type()
                            + ") failed; it is handed over again on the next fetch", e);
                    throw new MedsocException(FederationErrorCode.DIRECTIVE_FAILED, "handling " + d.type()
                            + " directive " + d.id() + " failed: " + e.getMessage(), e);
                }
                state.advanceCursor(NodeState.DIRECTIVES, d.position());
                handled++;
            }
            if (!page.more() || page.directives().isEmpty()) {
                return handled;
            }
        }
    }

    /** Starts fetching in the background: a round every {@code backoff.interval()}, backing off on failures. */
    public void start(Backoff backoff) {
        loop.start(this::fetchOnce, backoff);
    }

    /** Asks the background loop to fetch now. */
    public void wake() {
        loop.wake();
    }

    /** The failure of the last background round, if it failed. */
    public Optional<RuntimeException> lastFailure() {
        return loop.lastFailure();
    }

    /** Stops the background loop. */
    @Override
    public void close() {
        loop.close();
    }
}
