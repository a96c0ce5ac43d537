package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The node's handler of trace queries: searches its own events with a {@link TraceSearcher} and queues the answer
 * as a trace-result report. A search that fails is answered as failed (with the reason) rather than retried
 * forever. Directives of other types are ignored.
 */
public final class TraceResponder implements DirectiveHandler {
    private static final System.Logger LOG = System.getLogger(TraceResponder.class.getName());

    private final TraceSearcher searcher;
    private final Outbox outbox;
    private final TenantId tenant;

    /** Creates the responder answering for the node's {@code tenant}. */
    public TraceResponder(TraceSearcher searcher, Outbox outbox, TenantId tenant) {
        this.searcher = requireNonNull(searcher, "searcher is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
    }

    @Override
    public void handle(Directive directive) {
        if (directive.body() instanceof DirectiveBody.TraceQuery q) {
            outbox.append(answer(q));
        }
    }

    /** The trace-result report for a query. */
    public ReportBody.TraceResult answer(DirectiveBody.TraceQuery q) {
        try {
            TraceAnswer a = searcher.search(tenant, q.indicator(), q.from(), q.to());
            return new ReportBody.TraceResult(q.traceId(), a.count(), a.firstSeen().orElse(null),
                    a.lastSeen().orElse(null), null);
        } catch (MedsocException e) {
            LOG.log(System.Logger.Level.WARNING, "trace " + q.traceId() + " failed", e);
            return new ReportBody.TraceResult(q.traceId(), 0, null, null, e.getMessage());
        }
    }
}
