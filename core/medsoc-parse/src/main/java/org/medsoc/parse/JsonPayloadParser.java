package org.medsoc.parse;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;

/** JSON objects: generic JSON, Suricata EVE, Windows events (evtx_dump and Winlogbeat layouts). PLACEHOLDER: being written; detects nothing yet. */
public final class JsonPayloadParser implements PayloadParser {
    @Override
    public String name() {
        return "json";
    }

    @Override
    public boolean detects(String payload, ParseContext context) {
        return false;
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        return "json parser is not implemented yet";
    }
}
