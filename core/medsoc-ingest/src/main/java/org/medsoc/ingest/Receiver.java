package org.medsoc.ingest;

/**
 * A source of raw messages (a listening socket or a watched directory) that hands what it takes in to a
 * {@link MessageSink} in batches.
 *
 * <p>A receiver never stops on bad input: malformed, oversized or hostile data is cut, counted in {@link #stats()} and
 * logged (rate-limited) with the receiver name and peer.
 */
public interface Receiver extends AutoCloseable {
    /** The receiver's name as it appears in {@code RawMessage.receiver()}, for example {@code syslog-tcp:6514}. */
    String name();

    /** Binds the socket (or opens the directory) and starts the receiving threads; returns once bound. */
    void start();

    /** A consistent-enough snapshot of the counters; cheap, may be called at any time from any thread. */
    ReceiverStats stats();

    /** Stops receiving, releases the port or files and joins the receiver's threads; idempotent. */
    @Override
    void close();
}
