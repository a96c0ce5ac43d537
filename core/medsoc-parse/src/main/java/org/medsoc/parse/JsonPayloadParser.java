package org.medsoc.parse;

import org.jspecify.annotations.Nullable;
import org.medsoc.parse.json.EvtxLayout;
import org.medsoc.parse.json.FlatJson;
import org.medsoc.parse.json.GenericLayout;
import org.medsoc.parse.json.SuricataLayout;
import org.medsoc.parse.json.WindowsEvents;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;

/**
 * JSON objects, in four layouts recognised from their keys:
 *
 * <ul>
 *   <li>Windows events as evtx_dump writes them ({@code Event.System}, {@code Event.EventData}): System elements to
 *       {@code winlog.*}, every EventData item to {@code winlog.event_data.<Name>}, then ECS normalisation (process,
 *       user, source, file, DNS, registry, hashes) by provider and event id;
 *   <li>Winlogbeat documents ({@code winlog.event_id}, {@code winlog.event_data.*}): taken as they are, then the same
 *       normalisation fills what is missing;
 *   <li>Suricata EVE ({@code event_type} plus {@code src_ip}/{@code dest_ip}/{@code flow_id}): ECS fields, originals
 *       under {@code suricata.eve.*};
 *   <li>anything else: nested objects flattened to dotted names, arrays to repeated values, so ECS documents land on
 *       their fields; {@code @timestamp} (or {@code timestamp}/{@code time}) sets the event time.
 * </ul>
 *
 * <p>Work per event is bounded: at most {@value FlatJson#MAX_DEPTH} levels of nesting and {@value
 * FlatJson#MAX_VALUES} values, else the payload is rejected with a reason. Reading uses Jackson's streaming parser,
 * with per-thread scratch arrays.
 */
public final class JsonPayloadParser implements PayloadParser {
    static {
        SuricataLayout.declareFields();
        WindowsEvents.declareFields();
    }

    /** Creates the parser; it is stateless and thread-safe. */
    public JsonPayloadParser() {}

    @Override
    public String name() {
        return "json";
    }

    /** Whether the first character after leading whitespace (and a byte order mark) is '{'. */
    @Override
    public boolean detects(String payload, ParseContext context) {
        int n = payload.length();
        for (int i = 0; i < n; i++) {
            char c = payload.charAt(i);
            if (c == '{') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\uFEFF') {
                return false;
            }
        }
        return false;
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        FlatJson flat = FlatJson.forThread();
        try {
            String reason = flat.read(stripByteOrderMark(payload));
            if (reason != null) {
                return reason;
            }
            if (flat.size() == 0) {
                return "json: object has no values";
            }
            if (EvtxLayout.matches(flat)) {
                return EvtxLayout.apply(flat, context, event);
            }
            if (SuricataLayout.matches(flat)) {
                return SuricataLayout.apply(flat, context, event);
            }
            reason = GenericLayout.apply(flat, context, event);
            if (reason == null && (event.has(Fields.WINLOG_EVENT_ID) || event.has(Fields.WINLOG_CHANNEL))) {
                WindowsEvents.normalise(event);
            }
            return reason;
        } finally {
            flat.clear();
        }
    }

    private static String stripByteOrderMark(String payload) {
        return !payload.isEmpty() && payload.charAt(0) == '\uFEFF' ? payload.substring(1) : payload;
    }
}
