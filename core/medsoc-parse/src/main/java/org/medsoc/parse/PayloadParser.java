package org.medsoc.parse;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;

/**
 * Parses one payload format (the message after any syslog header) into fields of an {@link Event} and normalises
 * them to the medsoc schema, keeping vendor originals under {@code <vendor>.*}.
 *
 * <p>Implementations are stateless and thread-safe, allocate only what the event keeps, and never throw for
 * malformed input: they answer a reason instead.
 */
public interface PayloadParser {
    /** Short stable name of the format, recorded in {@code medsoc.parser} (for example {@code cef}, {@code kv}). */
    String name();

    /** Whether the payload looks like this format: a cheap check (prefixes, a few characters) for auto-detection. */
    boolean detects(String payload, ParseContext context);

    /**
     * Parses the payload into {@code event}, whose syslog header fields and timestamp may already be set.
     *
     * @return null on success, otherwise the reason the payload is not valid for this format (the message then goes
     *     to the dead letters with that reason)
     */
    @Nullable String parse(String payload, ParseContext context, Event event);
}
