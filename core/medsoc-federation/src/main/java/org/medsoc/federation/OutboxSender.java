package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * Sends the node's outbox to the hub in sequence order, a batch at a time, and marks reports sent only once the hub
 * acknowledged the highest sequence it applied. If the link drops after the hub applied a batch but before the
 * answer arrived, the batch is sent again and the hub skips what it already has. If the hub asks for an earlier
 * sequence (a gap), the outbox resends from there.
 */
public final class OutboxSender implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OutboxSender.class.getName());
    private static final int MAX_GAP_ROUNDS = 3;

    private final Outbox outbox;
    private final NodeState state;
    private final HubClient client;
    private final int batchSize;
    private final LoopSlot loop = new LoopSlot("federation-outbox", "outbox sender");

    /** Creates a sender of batches of at most {@code batchSize} reports. */
    public OutboxSender(Outbox outbox, NodeState state, HubClient client, int batchSize) {
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.state = requireNonNull(state, "state is null");
        this.client = requireNonNull(client, "client is null");
        if (batchSize < 1 || batchSize > HubProtocol.MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be 1 to " + HubProtocol.MAX_BATCH + ", was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * Sends every pending report; answers how many the hub acknowledged (applied now or already held). Throws {@link HubUnavailableException}
     * when the hub cannot be reached (what was acknowledged so far stays marked).
     */
    public int sendPending() {
        NodeCredentials credentials = state.requireCredentials();
        int acknowledged = 0;
        int gapRounds = 0;
        while (true) {
            List<Report> batch = outbox.pending(batchSize);
            if (batch.isEmpty()) {
                return acknowledged;
            }
            long first = batch.getFirst().sequence();
            InboxAck ack;
            try {
                ack = client.sendReports(credentials, batch);
            } catch (SequenceGapException gap) {
                if (++gapRounds > MAX_GAP_ROUNDS) {
                    throw gap;
                }
                long expected = gap.expectedSequence();
                LOG.log(System.Logger.Level.WARNING, "the hub expects report {0}, the batch started at {1}",
                        expected, first);
                if (expected > first) {
                    outbox.markSent(expected - 1);
                } else if (!outbox.resendFrom(expected)) {
                    throw new MedsocException(FederationErrorCode.REPORTS_LOST, "the hub expects report " + expected
                            + " but this node no longer holds it (purged); re-enrol the node to start a new stream");
                }
                continue;
            }
            outbox.markSent(ack.highestApplied());
            acknowledged += (int) Math.max(0, Math.min(ack.highestApplied(), batch.getLast().sequence()) - first + 1);
            if (ack.highestApplied() < first) {
                throw new MedsocException(FederationErrorCode.HUB_PROTOCOL_ERROR, "the hub acknowledged up to "
                        + ack.highestApplied() + " for a batch starting at " + first);
            }
        }
    }

    /** Starts sending in the background: a round every {@code backoff.interval()}, backing off on failures. */
    public void start(Backoff backoff) {
        loop.start(this::sendPending, backoff);
    }

    /** Asks the background loop to send now (e.g. after appending an urgent report). */
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
