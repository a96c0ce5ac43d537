package org.medsoc.parse.kv;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.internal.KeyTable;
import org.medsoc.parse.internal.Normalize;
import org.medsoc.parse.internal.Text;
import org.medsoc.parse.internal.Timestamps;
import org.medsoc.parse.ParseContext;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * Generic space-separated {@code key=value} text (double-quoted values with escapes): every key under
 * {@code kv.<key>}, common names (src, dst, sport, dport, user, action, proto, msg...) mapped to the schema.
 */
public final class GenericPairs {
    private static final int SRC = 1, DST = 2, SPT = 3, DPT = 4, USER = 5, ACTION = 6, PROTO = 7, MSG = 8,
            HOST = 9, APP = 10, URL = 11, METHOD = 12, RULE = 13, RULE_ID = 14, TIME = 15, STATUS = 16, SBYTES = 17,
            DBYTES = 18, OUTCOME = 19;

    private static final KeyTable KEYS = new KeyTable("kv.", codes(), Map.of(), true);

    private static Map<String, Integer> codes() {
        Map<String, Integer> m = new HashMap<>();
        Object[][] pairs = {{"src", SRC}, {"srcip", SRC}, {"sourceip", SRC}, {"srcaddr", SRC}, {"clientip", SRC},
            {"dst", DST}, {"dstip", DST}, {"dest", DST}, {"destip", DST}, {"destinationip", DST}, {"dstaddr", DST},
            {"sport", SPT}, {"srcport", SPT}, {"sourceport", SPT}, {"spt", SPT}, {"dport", DPT}, {"dstport", DPT},
            {"destport", DPT}, {"destinationport", DPT}, {"dpt", DPT}, {"user", USER}, {"username", USER},
            {"usr", USER}, {"suser", USER}, {"action", ACTION}, {"act", ACTION}, {"proto", PROTO},
            {"protocol", PROTO}, {"msg", MSG}, {"message", MSG}, {"host", HOST}, {"hostname", HOST},
            {"app", APP}, {"application", APP}, {"url", URL}, {"method", METHOD}, {"rule", RULE},
            {"rulename", RULE}, {"policy", RULE}, {"ruleid", RULE_ID}, {"timestamp", TIME}, {"time", TIME},
            {"sentbytes", SBYTES}, {"bytesout", SBYTES}, {"rcvdbytes", DBYTES}, {"bytesin", DBYTES},
            {"outcome", OUTCOME}, {"result", OUTCOME}, {"status", STATUS}};
        for (Object[] p : pairs) {
            m.put((String) p[0], (Integer) p[1]);
        }
        return m;
    }

    private GenericPairs() {}

    /** Whether the payload's first token is a pair and at least one more follows. */
    public static boolean detects(String s) {
        return Pairs.looksLikePairs(s, 0);
    }

    /** Parses the pairs into the event; answers a reason when there are none. */
    public static @Nullable String parse(String s, ParseContext context, Event event) {
        Pairs c = new Pairs(s);
        int count = 0;
        while (c.next()) {
            count++;
            KeyTable.Entry e = KEYS.lookup(s, c.keyStart, c.keyEnd);
            String v = c.value;
            if (v.isEmpty()) {
                continue;
            }
            Text.add(event, e.field(), v);
            if (e.code() != 0) {
                apply(e.code(), v, context, event);
            }
        }
        return count == 0 ? "no key=value pairs found" : null;
    }

    private static void apply(int code, String v, ParseContext context, Event event) {
        switch (code) {
            case SRC -> ip(event, Fields.SOURCE_IP, v);
            case DST -> ip(event, Fields.DESTINATION_IP, v);
            case SPT -> Text.putLong(event, Fields.SOURCE_PORT, v);
            case DPT -> Text.putLong(event, Fields.DESTINATION_PORT, v);
            case USER -> {
                Text.put(event, Fields.USER_NAME, v);
                Normalize.addOnce(event, Fields.RELATED_USER, v);
            }
            case ACTION -> Normalize.putAction(event, v);
            case PROTO -> Text.put(event, Fields.NETWORK_TRANSPORT, Normalize.transport(v));
            case MSG -> Text.put(event, Fields.MESSAGE, v);
            case HOST -> Text.put(event, Fields.HOST_NAME, v);
            case APP -> Text.put(event, Fields.NETWORK_APPLICATION, v);
            case URL -> Text.put(event, Fields.URL_ORIGINAL, v);
            case METHOD -> Text.put(event, Fields.HTTP_REQUEST_METHOD, v);
            case RULE -> Text.put(event, Fields.RULE_NAME, v);
            case RULE_ID -> Text.put(event, Fields.RULE_ID, v);
            case SBYTES -> Text.putLong(event, Fields.SOURCE_BYTES, v);
            case DBYTES -> Text.putLong(event, Fields.DESTINATION_BYTES, v);
            case TIME -> {
                long t = v.charAt(0) >= '0' && v.charAt(0) <= '9' && v.indexOf('-') < 0
                        ? Timestamps.epochNumber(v)
                        : Timestamps.iso(v, 0, v.length(), context.zone());
                if (t != Timestamps.INVALID) {
                    event.timestamp(t);
                }
            }
            case OUTCOME, STATUS -> {
                switch (v.toLowerCase(java.util.Locale.ROOT)) {
                    case "success", "succeeded", "ok" -> Text.put(event, Fields.EVENT_OUTCOME, "success");
                    case "failure", "failed", "fail", "error" -> Text.put(event, Fields.EVENT_OUTCOME, "failure");
                    default -> {}
                }
            }
            default -> {}
        }
    }

    private static void ip(Event event, Field field, String v) {
        if (Text.putIp(event, field, v)) {
            Normalize.addOnce(event, Fields.RELATED_IP, v);
        }
    }
}
