package org.medsoc.parse.kv;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.internal.KeyTable;
import org.medsoc.parse.internal.Normalize;
import org.medsoc.parse.internal.Text;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * Huawei VRP / USG / NGFW information-center logs: {@code %%ddMODULE/SEVERITY/MNEMONIC(type)[seq]:content}, the
 * content being {@code key=value} pairs separated by {@code ", "}, {@code ","} or {@code ";"} (policy and session
 * logs), or a description followed by {@code (key=value, ...)}. Keys are kept under {@code huawei.<key>}; ECS
 * mapping ignores case, '-' and '_' ({@code source-ip}, {@code SourceIP} and {@code source_ip} are the same).
 */
public final class Huawei {
    private static final int SRC = 1, DST = 2, SPT = 3, DPT = 4, PROTO = 5, SNAT = 6, SNATPORT = 7, DNAT = 8,
            DNATPORT = 9, RULE = 10, APP = 11, USER = 12, SBYTES = 13, DBYTES = 14, SPKTS = 15, DPKTS = 16,
            ACTION = 17, COMMAND = 18, THREAT = 19, RESULT = 20, DIRECTION = 21;

    private static final Field MODULE = Text.keyword("huawei.module");
    private static final Field SEVERITY = Text.keyword("huawei.severity");
    private static final Field MNEMONIC = Text.keyword("huawei.mnemonic");
    private static final Field LOG_TYPE = Text.keyword("huawei.log_type");
    private static final String[] LEVELS = {"emergency", "alert", "critical", "error", "warning", "notice",
        "informational", "debug"};

    private static final KeyTable KEYS = new KeyTable("huawei.", codes(), Map.of(), true);

    private static Map<String, Integer> codes() {
        Map<String, Integer> m = new HashMap<>();
        Object[][] pairs = {{"sourceip", SRC}, {"srcip", SRC}, {"ip", SRC}, {"userip", SRC},
            {"destinationip", DST}, {"dstip", DST}, {"destip", DST}, {"sourceport", SPT}, {"srcport", SPT},
            {"destinationport", DPT}, {"dstport", DPT}, {"destport", DPT}, {"protocol", PROTO},
            {"sourcenatip", SNAT}, {"sourcenatport", SNATPORT}, {"destinationnatip", DNAT},
            {"destinationnatport", DNATPORT}, {"rulename", RULE}, {"policyname", RULE}, {"rule", RULE},
            {"application", APP}, {"applicationname", APP}, {"user", USER}, {"username", USER},
            {"sendbytes", SBYTES}, {"rcvbytes", DBYTES}, {"receivebytes", DBYTES}, {"sendpkts", SPKTS},
            {"rcvpkts", DPKTS}, {"action", ACTION}, {"command", COMMAND}, {"signame", THREAT},
            {"attackname", THREAT}, {"threatname", THREAT}, {"result", RESULT}, {"direction", DIRECTION}};
        for (Object[] p : pairs) {
            m.put((String) p[0], (Integer) p[1]);
        }
        return m;
    }

    private Huawei() {}

    /** Whether the payload starts with a Huawei information-center header {@code %%dd...}. */
    public static boolean detects(String s) {
        return s.length() > 8 && s.startsWith("%%") && Text.isDigits(s, 2, 4) && s.indexOf('/', 4) > 4;
    }

    /** Parses a Huawei payload; answers a reason when the header is malformed. */
    public static @Nullable String parse(String s, Event event) {
        int n = s.length();
        if (!s.startsWith("%%") || n < 5 || !Text.isDigits(s, 2, 4)) {
            return "not a Huawei log: expected '%%' and a two-digit version such as %%01";
        }
        int slash1 = s.indexOf('/', 4);
        int slash2 = slash1 < 0 ? -1 : s.indexOf('/', slash1 + 1);
        int colon = slash2 < 0 ? -1 : s.indexOf(':', slash2 + 1);
        if (slash1 < 0 || slash2 < 0 || colon < 0 || slash2 - slash1 != 2) {
            return "malformed Huawei log header: expected %%ddMODULE/SEVERITY/MNEMONIC(type):";
        }
        char sev = s.charAt(slash1 + 1);
        if (sev < '0' || sev > '7') {
            return "malformed Huawei log header: severity '" + sev + "' is not 0..7";
        }
        String module = s.substring(4, slash1);
        int mnemonicEnd = colon;
        int paren = s.indexOf('(', slash2);
        String logType = null;
        if (paren > 0 && paren < colon) {
            mnemonicEnd = paren;
            int close = s.indexOf(')', paren);
            if (close > paren && close < colon) {
                logType = s.substring(paren + 1, close);
            }
        } else {
            int bracket = s.indexOf('[', slash2);
            if (bracket > 0 && bracket < colon) {
                mnemonicEnd = bracket;
            }
        }
        String mnemonic = s.substring(slash2 + 1, mnemonicEnd);
        event.add(MODULE, module);
        event.add(SEVERITY, String.valueOf(sev));
        Text.add(event, MNEMONIC, mnemonic);
        Text.add(event, LOG_TYPE, logType);
        Text.put(event, Fields.EVENT_CODE, module + "/" + mnemonic);
        Text.put(event, Fields.LOG_LEVEL, LEVELS[sev - '0']);
        Text.put(event, Fields.OBSERVER_VENDOR, "Huawei");
        Text.put(event, Fields.OBSERVER_TYPE, "firewall");

        int contentStart = colon + 1;
        int contentEnd = n;
        while (contentEnd > contentStart && (s.charAt(contentEnd - 1) == ' ' || s.charAt(contentEnd - 1) == '.')) {
            contentEnd--;
        }
        while (contentStart < contentEnd && s.charAt(contentStart) == ' ') {
            contentStart++;
        }
        int pairsStart = contentStart;
        int pairsEnd = contentEnd;
        int firstEq = s.indexOf('=', contentStart);
        int firstSep = indexOfSeparator(s, contentStart, contentEnd);
        boolean pairsFirst = firstEq > contentStart && firstEq < contentEnd && (firstSep < 0 || firstEq < firstSep)
                && s.lastIndexOf(' ', firstEq) < contentStart;
        if (!pairsFirst) {
            int open = s.lastIndexOf('(', contentEnd);
            if (contentEnd > contentStart && s.charAt(contentEnd - 1) == ')' && open >= contentStart
                    && s.indexOf('=', open) > 0 && s.indexOf('=', open) < contentEnd) {
                Text.put(event, Fields.MESSAGE, Text.trimmed(s, contentStart, open));
                pairsStart = open + 1;
                pairsEnd = contentEnd - 1;
            } else {
                Text.put(event, Fields.MESSAGE, s.substring(contentStart, contentEnd));
                pairsEnd = pairsStart;
            }
        }
        pairs(s, pairsStart, pairsEnd, event);
        classify(event, module, mnemonic);
        return null;
    }

    private static int indexOfSeparator(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ';') {
                return i;
            }
        }
        return -1;
    }

    private static void pairs(String s, int start, int end, Event event) {
        int p = start;
        String action = null;
        while (p < end) {
            int sep = indexOfSeparator(s, p, end);
            int segEnd = sep < 0 ? end : sep;
            int eq = s.indexOf('=', p);
            if (eq > p && eq < segEnd) {
                // a value may itself contain separators: extend it while the next segment holds no '='
                while (sep >= 0) {
                    int next = indexOfSeparator(s, sep + 1, end);
                    int nextEnd = next < 0 ? end : next;
                    int nextEq = s.indexOf('=', sep + 1);
                    if (nextEq > sep && nextEq < nextEnd) {
                        break;
                    }
                    segEnd = nextEnd;
                    sep = next;
                }
                int ks = p;
                while (ks < eq && s.charAt(ks) == ' ') {
                    ks++;
                }
                int ke = eq;
                while (ke > ks && s.charAt(ke - 1) == ' ') {
                    ke--;
                }
                if (ke > ks && ke - ks <= Pairs.MAX_KEY_LENGTH) {
                    KeyTable.Entry e = KEYS.lookup(s, ks, ke);
                    String v = Text.trimmed(s, eq + 1, segEnd);
                    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
                        v = v.substring(1, v.length() - 1);
                    }
                    if (!v.isEmpty()) {
                        Text.add(event, e.field(), v);
                        if (e.code() == ACTION) {
                            action = v;
                        } else if (e.code() != 0) {
                            apply(e.code(), v, event);
                        }
                    }
                }
            }
            p = segEnd + 1;
        }
        if (action != null) {
            Normalize.putAction(event, action);
        }
    }

    private static void apply(int code, String v, Event event) {
        switch (code) {
            case SRC -> ip(event, Fields.SOURCE_IP, v);
            case DST -> ip(event, Fields.DESTINATION_IP, v);
            case SPT -> Text.putLong(event, Fields.SOURCE_PORT, v);
            case DPT -> Text.putLong(event, Fields.DESTINATION_PORT, v);
            case PROTO -> Text.put(event, Fields.NETWORK_TRANSPORT, Normalize.transport(v));
            case SNAT -> Text.putIp(event, Fields.SOURCE_NAT_IP, v);
            case SNATPORT -> Text.putLong(event, Fields.SOURCE_NAT_PORT, v);
            case DNAT -> Text.putIp(event, Fields.DESTINATION_NAT_IP, v);
            case DNATPORT -> Text.putLong(event, Fields.DESTINATION_NAT_PORT, v);
            case RULE, THREAT -> Text.put(event, Fields.RULE_NAME, v);
            case APP -> Text.put(event, Fields.NETWORK_APPLICATION, v);
            case USER -> {
                Text.put(event, Fields.USER_NAME, v);
                Normalize.addOnce(event, Fields.RELATED_USER, v);
            }
            case SBYTES -> Text.putLong(event, Fields.SOURCE_BYTES, v);
            case DBYTES -> Text.putLong(event, Fields.DESTINATION_BYTES, v);
            case SPKTS -> Text.putLong(event, Fields.SOURCE_PACKETS, v);
            case DPKTS -> Text.putLong(event, Fields.DESTINATION_PACKETS, v);
            case COMMAND -> Text.put(event, Fields.PROCESS_COMMAND_LINE, v);
            case RESULT -> {
                String r = v.toLowerCase(Locale.ROOT);
                if (r.startsWith("succe")) {
                    Text.put(event, Fields.EVENT_OUTCOME, "success");
                } else if (r.startsWith("fail")) {
                    Text.put(event, Fields.EVENT_OUTCOME, "failure");
                }
            }
            case DIRECTION -> {}
            default -> {}
        }
    }

    private static void classify(Event event, String module, String mnemonic) {
        switch (mnemonic) {
            case "POLICYPERMIT" -> Normalize.putAction(event, "permit");
            case "POLICYDENY" -> Normalize.putAction(event, "deny");
            default -> {}
        }
        if (module.equals("POLICY") || module.equals("SECLOG") || module.equals("SESSION")
                || module.equals("FWLOG")) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "network");
            Normalize.addOnce(event, Fields.EVENT_TYPE, "connection");
        } else if (module.equals("IPS") || module.equals("ATK") || module.equals("ANTIATTACK")) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "intrusion_detection");
            event.put(Fields.EVENT_KIND, "alert");
        } else if (module.equals("AV")) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "malware");
            event.put(Fields.EVENT_KIND, "alert");
        } else if (mnemonic.contains("LOGIN") || mnemonic.contains("LOGOUT") || mnemonic.contains("AUTH")) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "authentication");
            if (mnemonic.contains("FAIL")) {
                Text.put(event, Fields.EVENT_OUTCOME, "failure");
            } else if (!event.has(Fields.EVENT_OUTCOME) && mnemonic.contains("SUCC")) {
                Text.put(event, Fields.EVENT_OUTCOME, "success");
            }
        } else if (mnemonic.equals("CMDRECORD")) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "configuration");
        }
    }

    private static void ip(Event event, Field field, String v) {
        if (Text.putIp(event, field, v)) {
            Normalize.addOnce(event, Fields.RELATED_IP, v);
        }
    }
}
