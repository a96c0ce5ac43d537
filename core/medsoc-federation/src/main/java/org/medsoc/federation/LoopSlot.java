package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one background {@link LinkLoop} of a link part (the outbox sender, the directive fetcher): started once, woken,
 * asked for its last failure, closed.
 */
final class LoopSlot implements AutoCloseable {
    private final String name;
    private final String what;
    private volatile @Nullable LinkLoop loop;

    /** A slot for the loop named {@code name}; {@code what} names its owner in the error of a second start. */
    LoopSlot(String name, String what) {
        this.name = name;
        this.what = what;
    }

    /** Starts the loop: {@code round} every {@code backoff.interval()}, backing off on failures. */
    synchronized void start(Runnable round, Backoff backoff) {
        if (loop != null) {
            throw new IllegalStateException("the " + what + " is already running");
        }
        loop = new LinkLoop(name, round, requireNonNull(backoff, "backoff is null"));
    }

    /** Asks the loop for a round now, if it runs. */
    void wake() {
        LinkLoop l = loop;
        if (l != null) {
            l.wake();
        }
    }

    /** The failure of the last round, if it failed. */
    Optional<RuntimeException> lastFailure() {
        LinkLoop l = loop;
        return l == null ? Optional.empty() : Optional.ofNullable(l.lastFailure());
    }

    /** Stops the loop. */
    @Override
    public synchronized void close() {
        LinkLoop l = loop;
        if (l != null) {
            l.close();
            loop = null;
        }
    }
}
