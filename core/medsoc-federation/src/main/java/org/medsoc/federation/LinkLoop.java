package org.medsoc.federation;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.Retriable;

/**
 * A background loop on a virtual thread that runs one round, then waits the interval (or less when woken), or
 * after a failure the backoff delay. Retriable failures are logged briefly; others in full, and retried at the
 * longest delay (an operator may fix them, e.g. by re-enrolling).
 */
final class LinkLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LinkLoop.class.getName());

    private final String name;
    private final Runnable round;
    private final Backoff backoff;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running = true;
    private volatile @Nullable RuntimeException lastFailure;
    private final Thread thread;

    LinkLoop(String name, Runnable round, Backoff backoff) {
        this.name = name;
        this.round = round;
        this.backoff = backoff;
        this.thread = Thread.ofVirtual().name(name).start(this::run);
    }

    private void run() {
        int failures = 0;
        while (running) {
            Duration wait;
            try {
                round.run();
                failures = 0;
                lastFailure = null;
                wait = backoff.interval();
            } catch (RuntimeException e) {
                failures++;
                lastFailure = e;
                if (e instanceof Retriable) {
                    wait = backoff.delay(failures);
                    LOG.log(System.Logger.Level.WARNING, "{0}: {1}; retrying in {2}", name, e.getMessage(), wait);
                } else {
                    wait = backoff.max();
                    LOG.log(System.Logger.Level.ERROR, name + " failed; retrying in " + wait, e);
                }
            }
            try {
                if (wakeups.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void wake() {
        wakeups.release();
    }

    @Nullable RuntimeException lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
