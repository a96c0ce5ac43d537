package org.medsoc.ingest.receiver;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.medsoc.ingest.ReceiverStats;

/** The live counters behind {@link ReceiverStats}; thread-safe. */
public final class ReceiverCounters {
    public final LongAdder messages = new LongAdder();
    public final LongAdder bytes = new LongAdder();
    public final LongAdder batches = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    public final LongAdder truncated = new LongAdder();
    public final AtomicLong connections = new AtomicLong();
    public final LongAdder connectionsTotal = new LongAdder();
    public final LongAdder errors = new LongAdder();
    public final LongAdder partial = new LongAdder();
    public final LongAdder refused = new LongAdder();

    /** Records a batch the sink accepted. */
    public void accepted(int messageCount, long byteCount) {
        messages.add(messageCount);
        bytes.add(byteCount);
        batches.increment();
    }

    /** A snapshot, with the kernel drop count supplied by the caller. */
    public ReceiverStats snapshot(String receiver, long kernelDropped) {
        return new ReceiverStats(
                receiver,
                messages.sum(),
                bytes.sum(),
                batches.sum(),
                dropped.sum(),
                truncated.sum(),
                connections.get(),
                connectionsTotal.sum(),
                errors.sum(),
                partial.sum(),
                refused.sum(),
                kernelDropped);
    }
}
