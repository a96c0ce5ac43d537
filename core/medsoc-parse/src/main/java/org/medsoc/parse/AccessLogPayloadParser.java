package org.medsoc.parse;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;

/** nginx and Apache access logs (combined, common and vhost-combined formats). PLACEHOLDER: being written; detects nothing yet. */
public final class AccessLogPayloadParser implements PayloadParser {
    @Override
    public String name() {
        return "access_log";
    }

    @Override
    public boolean detects(String payload, ParseContext context) {
        return false;
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        return "access_log parser is not implemented yet";
    }
}
