package org.medsoc.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.RawMessage;

/** A thread-safe sink that keeps every accepted message; it can be made to block or to refuse batches. */
final class CollectingSink implements MessageSink {
    private final List<RawMessage> messages = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger blockedCalls = new AtomicInteger();
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile @Nullable CountDownLatch gate;
    private volatile boolean refuseAlways;

    @Override
    public void accept(List<RawMessage> batch) {
        calls.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            blockedCalls.incrementAndGet();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MedsocException(StandardErrorCode.SHUTTING_DOWN, "interrupted (test)");
            }
        }
        if (refuseAlways || refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refusals.incrementAndGet();
            throw new MedsocException(StandardErrorCode.STORAGE_FULL, "journal full (test)");
        }
        synchronized (messages) {
            messages.addAll(batch);
        }
    }

    /** Makes later calls block until {@link #unblock()}. */
    void block() {
        gate = new CountDownLatch(1);
    }

    void unblock() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** The next {@code n} calls throw an INSUFFICIENT_RESOURCES MedsocException. */
    void refuseNext(int n) {
        refusalsLeft.set(n);
    }

    void refuseAlways(boolean refuse) {
        refuseAlways = refuse;
    }

    List<RawMessage> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    int count() {
        synchronized (messages) {
            return messages.size();
        }
    }

    List<String> texts() {
        return messages().stream()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    int calls() {
        return calls.get();
    }

    int blockedCalls() {
        return blockedCalls.get();
    }

    int refusals() {
        return refusals.get();
    }
}
