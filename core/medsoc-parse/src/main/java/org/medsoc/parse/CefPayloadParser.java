package org.medsoc.parse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.internal.KeyTable;
import org.medsoc.parse.internal.Normalize;
import org.medsoc.parse.internal.Text;
import org.medsoc.parse.internal.Timestamps;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * ArcSight Common Event Format (CEF rev 25): {@code CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|
 * Extension}, the extension being {@code key=value} pairs separated by spaces.
 *
 * <p>Header fields unescape {@code \|} and {@code \\}; extension values unescape {@code \=}, {@code \\}, {@code \n}
 * and {@code \r} and may contain spaces (a value ends where the next {@code key=} begins). Every key is kept under
 * {@code cef.<key>}, custom fields additionally under {@code cef.label.<label>} when their {@code ...Label} is given,
 * and the usual keys are mapped to the schema (source, destination, user, url, file, observer, rule).
 */
public final class CefPayloadParser implements PayloadParser {
    private static final int MAX_KEY_LENGTH = 64;

    private static final int SRC = 1, DST = 2, SPT = 3, DPT = 4, SHOST = 5, DHOST = 6, SUSER = 7, DUSER = 8,
            ACT = 9, OUTCOME = 10, REQUEST = 11, METHOD = 12, PROTO = 13, APP = 14, IN = 15, OUT = 16, SMAC = 17,
            DMAC = 18, FNAME = 19, FPATH = 20, FHASH = 21, MSG = 22, DVC = 23, DVCHOST = 24, RT = 25, SPROC = 26,
            SPID = 27, SUID = 28, AGENT = 29, SNAT = 30, SNATPORT = 31, DNAT = 32, DNATPORT = 33, DIRECTION = 34,
            REASON = 35, DPROC = 36, DPID = 37, DUID = 38, SNTDOM = 39, DVCPID = 40;
    /* Custom fields: value codes in [CUSTOM, CUSTOM + 100), their label = value code + LABEL. */
    private static final int CUSTOM = 100, LABEL = 50, CUSTOM_END = 200;

    private static final Field CEF_VERSION = Text.keyword("cef.version");
    private static final Field CEF_VENDOR = Text.keyword("cef.device.vendor");
    private static final Field CEF_PRODUCT = Text.keyword("cef.device.product");
    private static final Field CEF_DEVICE_VERSION = Text.keyword("cef.device.version");
    private static final Field CEF_EVENT_CLASS_ID = Text.keyword("cef.device.event_class_id");
    private static final Field CEF_NAME = Text.keyword("cef.name");
    private static final Field CEF_SEVERITY = Text.keyword("cef.severity");

    private static final KeyTable KEYS = new KeyTable("cef.", codes(), Map.of(), false);
    private static final KeyTable LABELS = new KeyTable("cef.label.", Map.of(), Map.of(), false);

    private static Map<String, Integer> codes() {
        Map<String, Integer> m = new HashMap<>();
        map(m, SRC, "src", "sourceAddress");
        map(m, DST, "dst", "destinationAddress");
        map(m, SPT, "spt", "sourcePort");
        map(m, DPT, "dpt", "destinationPort");
        map(m, SHOST, "shost", "sourceHostName");
        map(m, DHOST, "dhost", "destinationHostName");
        map(m, SUSER, "suser", "sourceUserName");
        map(m, DUSER, "duser", "destinationUserName");
        map(m, ACT, "act", "deviceAction");
        map(m, OUTCOME, "outcome", "eventOutcome");
        map(m, REQUEST, "request", "requestUrl");
        map(m, METHOD, "requestMethod");
        map(m, PROTO, "proto", "transportProtocol");
        map(m, APP, "app", "applicationProtocol");
        map(m, IN, "in", "bytesIn");
        map(m, OUT, "out", "bytesOut");
        map(m, SMAC, "smac", "sourceMacAddress");
        map(m, DMAC, "dmac", "destinationMacAddress");
        map(m, FNAME, "fname", "fileName");
        map(m, FPATH, "filePath");
        map(m, FHASH, "fileHash");
        map(m, MSG, "msg", "message");
        map(m, DVC, "dvc", "deviceAddress");
        map(m, DVCHOST, "dvchost", "deviceHostName");
        map(m, RT, "rt", "receiptTime");
        map(m, SPROC, "sproc", "sourceProcessName");
        map(m, SPID, "spid", "sourceProcessId");
        map(m, DPROC, "dproc", "destinationProcessName");
        map(m, DPID, "dpid", "destinationProcessId");
        map(m, SUID, "suid", "sourceUserId");
        map(m, DUID, "duid", "destinationUserId");
        map(m, SNTDOM, "sntdom", "sourceNtDomain");
        map(m, AGENT, "requestClientApplication");
        map(m, SNAT, "sourceTranslatedAddress");
        map(m, SNATPORT, "sourceTranslatedPort");
        map(m, DNAT, "destinationTranslatedAddress");
        map(m, DNATPORT, "destinationTranslatedPort");
        map(m, DIRECTION, "deviceDirection");
        map(m, REASON, "reason");
        map(m, DVCPID, "dvcpid", "deviceProcessId");
        int c = CUSTOM;
        for (int i = 1; i <= 6; i++) {
            custom(m, c++, "cs" + i, "deviceCustomString" + i);
        }
        for (int i = 1; i <= 3; i++) {
            custom(m, c++, "cn" + i, "deviceCustomNumber" + i);
        }
        for (int i = 1; i <= 4; i++) {
            custom(m, c++, "cfp" + i, "deviceCustomFloatingPoint" + i);
        }
        for (int i = 1; i <= 4; i++) {
            custom(m, c++, "c6a" + i, "deviceCustomIPv6Address" + i);
        }
        for (int i = 1; i <= 2; i++) {
            custom(m, c++, "deviceCustomDate" + i, null);
            custom(m, c++, "flexString" + i, null);
            custom(m, c++, "flexNumber" + i, null);
        }
        custom(m, c, "flexDate1", null);
        return m;
    }

    private static void map(Map<String, Integer> m, int code, String... keys) {
        for (String k : keys) {
            m.put(k, code);
        }
    }

    private static void custom(Map<String, Integer> m, int code, String key, @Nullable String longKey) {
        m.put(key, code);
        m.put(key + "Label", code + LABEL);
        if (longKey != null) {
            m.put(longKey, code);
            m.put(longKey + "Label", code + LABEL);
        }
    }

    /** Creates the CEF parser; it holds no per-message state. */
    public CefPayloadParser() {}

    @Override
    public String name() {
        return "cef";
    }

    @Override
    public boolean detects(String payload, ParseContext context) {
        return payload.startsWith("CEF:") || (payload.startsWith(" ") && payload.trim().startsWith("CEF:"));
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        String s = payload;
        int start = 0;
        while (start < s.length() && s.charAt(start) == ' ') {
            start++;
        }
        if (!s.startsWith("CEF:", start)) {
            return "not a CEF message: it does not start with 'CEF:'";
        }
        String[] header = new String[7];
        int p = start + 4;
        int n = s.length();
        for (int f = 0; f < 7; f++) {
            int q = p;
            boolean escaped = false;
            while (q < n && s.charAt(q) != '|') {
                if (s.charAt(q) == '\\') {
                    escaped = true;
                    q++;
                }
                q++;
            }
            if (q >= n) {
                return "CEF header has " + (f + 1) + " of 7 '|'-separated fields"
                        + " (Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|)";
            }
            header[f] = escaped ? unescapeHeader(s, p, q) : s.substring(p, q);
            p = q + 1;
        }
        String version = header[0].trim();
        if (version.isEmpty() || !Text.isDigits(version, 0, version.length()) && !version.equals("0.1")) {
            return "invalid CEF version '" + version + "': expected 0 or 1";
        }
        event.add(CEF_VERSION, version);
        Text.add(event, CEF_VENDOR, header[1]);
        Text.add(event, CEF_PRODUCT, header[2]);
        Text.add(event, CEF_DEVICE_VERSION, header[3]);
        Text.add(event, CEF_EVENT_CLASS_ID, header[4]);
        Text.add(event, CEF_NAME, header[5]);
        Text.add(event, CEF_SEVERITY, header[6]);
        Text.put(event, Fields.OBSERVER_VENDOR, header[1]);
        Text.put(event, Fields.OBSERVER_PRODUCT, header[2]);
        Text.put(event, Fields.OBSERVER_VERSION, header[3]);
        Text.put(event, Fields.EVENT_CODE, header[4]);
        Text.put(event, Fields.RULE_ID, header[4]);
        Text.put(event, Fields.RULE_NAME, header[5]);
        String severity = severity(header[6].trim());
        if (severity != null) {
            Text.put(event, Fields.EVENT_SEVERITY, severity);
        }
        String[] custom = null;
        // ---- extension
        while (p < n && s.charAt(p) == ' ') {
            p++;
        }
        if (p < n) {
            int k = p;
            while (k < n && keyChar(s.charAt(k))) {
                k++;
            }
            if (k == p || k >= n || s.charAt(k) != '=' || k - p > MAX_KEY_LENGTH) {
                return "CEF extension does not start with key=value at offset " + p;
            }
            int keyStart = p;
            int keyEnd = k;
            int valueStart = k + 1;
            boolean escaped = false;
            for (int i = valueStart; i <= n; i++) {
                char c = i < n ? s.charAt(i) : '=';
                if (c == '\\' && i + 1 < n) {
                    escaped = true;
                    i++;
                    continue;
                }
                if (c != '=') {
                    continue;
                }
                int j = i - 1;
                if (i < n) {
                    while (j >= valueStart && s.charAt(j) != ' ' && i - j <= MAX_KEY_LENGTH + 1) {
                        j--;
                    }
                    if (j < valueStart || s.charAt(j) != ' ' || j + 1 == i || !validKey(s, j + 1, i)) {
                        continue;
                    }
                } else {
                    j = n;
                }
                int valueEnd = j;
                while (valueEnd > valueStart && s.charAt(valueEnd - 1) == ' ') {
                    valueEnd--;
                }
                String value = escaped ? unescapeValue(s, valueStart, valueEnd) : s.substring(valueStart, valueEnd);
                KeyTable.Entry e = KEYS.lookup(s, keyStart, keyEnd);
                Text.add(event, e.field(), value);
                int code = e.code();
                if (code >= CUSTOM) {
                    if (custom == null) {
                        custom = new String[CUSTOM_END - CUSTOM];
                    }
                    custom[code - CUSTOM] = value;
                } else if (code > 0 && !value.isEmpty()) {
                    apply(code, value, context, event);
                }
                keyStart = j + 1;
                keyEnd = i;
                valueStart = i + 1;
                escaped = false;
            }
        }
        if (custom != null) {
            for (int c = 0; c < LABEL; c++) {
                String value = custom[c];
                String label = custom[c + LABEL];
                if (value != null && label != null && !label.isEmpty() && label.length() <= 64) {
                    Text.add(event, LABELS.lookup(label).field(), value);
                }
            }
        }
        if (!event.has(Fields.MESSAGE)) {
            Text.put(event, Fields.MESSAGE, header[5]);
        }
        return null;
    }

    private static void apply(int code, String v, ParseContext context, Event event) {
        switch (code) {
            case SRC -> ip(event, Fields.SOURCE_IP, v);
            case DST -> ip(event, Fields.DESTINATION_IP, v);
            case SPT -> Text.putLong(event, Fields.SOURCE_PORT, v);
            case DPT -> Text.putLong(event, Fields.DESTINATION_PORT, v);
            case SHOST -> Text.put(event, Fields.SOURCE_DOMAIN, v);
            case DHOST -> Text.put(event, Fields.DESTINATION_DOMAIN, v);
            case SUSER -> {
                Text.put(event, Fields.USER_NAME, v);
                Normalize.addOnce(event, Fields.RELATED_USER, v);
            }
            case DUSER -> {
                Text.put(event, Fields.USER_TARGET_NAME, v);
                Normalize.addOnce(event, Fields.RELATED_USER, v);
            }
            case ACT -> Normalize.putAction(event, v);
            case OUTCOME -> {
                String o = v.toLowerCase(Locale.ROOT);
                switch (o) {
                    case "success", "failure", "unknown" -> Text.put(event, Fields.EVENT_OUTCOME, o);
                    case "failed", "fail" -> Text.put(event, Fields.EVENT_OUTCOME, "failure");
                    default -> {}
                }
            }
            case REQUEST -> Text.put(event, Fields.URL_ORIGINAL, v);
            case METHOD -> Text.put(event, Fields.HTTP_REQUEST_METHOD, v);
            case PROTO -> Text.put(event, Fields.NETWORK_TRANSPORT, Normalize.transport(v));
            case APP -> Text.put(event, Fields.NETWORK_PROTOCOL, v.toLowerCase(Locale.ROOT));
            case IN -> Text.putLong(event, Fields.SOURCE_BYTES, v);
            case OUT -> Text.putLong(event, Fields.DESTINATION_BYTES, v);
            case SMAC -> Text.put(event, Fields.SOURCE_MAC, v);
            case DMAC -> Text.put(event, Fields.DESTINATION_MAC, v);
            case FNAME -> Text.put(event, Fields.FILE_NAME, v);
            case FPATH -> Text.put(event, Fields.FILE_PATH, v);
            case FHASH -> Normalize.addOnce(event, Fields.RELATED_HASH, v);
            case MSG -> Text.put(event, Fields.MESSAGE, v);
            case DVC -> Text.putIp(event, Fields.OBSERVER_IP, v);
            case DVCHOST -> Text.put(event, Fields.OBSERVER_HOSTNAME, v);
            case RT -> {
                long t = time(v, context);
                if (t != Timestamps.INVALID) {
                    event.timestamp(t);
                }
            }
            case SPROC -> Text.put(event, Fields.PROCESS_NAME, v);
            case SPID -> Text.putLong(event, Fields.PROCESS_PID, v);
            case SUID -> Text.put(event, Fields.USER_ID, v);
            case SNTDOM -> Text.put(event, Fields.USER_DOMAIN, v);
            case AGENT -> Text.put(event, Fields.USER_AGENT_ORIGINAL, v);
            case SNAT -> Text.putIp(event, Fields.SOURCE_NAT_IP, v);
            case SNATPORT -> Text.putLong(event, Fields.SOURCE_NAT_PORT, v);
            case DNAT -> Text.putIp(event, Fields.DESTINATION_NAT_IP, v);
            case DNATPORT -> Text.putLong(event, Fields.DESTINATION_NAT_PORT, v);
            case DIRECTION -> Text.put(event, Fields.NETWORK_DIRECTION,
                    v.equals("0") ? "inbound" : v.equals("1") ? "outbound" : null);
            case REASON -> Text.put(event, Fields.EVENT_REASON, v);
            default -> {} // DPROC, DPID, DUID, DVCPID: kept under cef.* only
        }
    }

    private static void ip(Event event, Field field, String v) {
        if (Text.putIp(event, field, v)) {
            Normalize.addOnce(event, Fields.RELATED_IP, v);
        }
    }

    /** rt/start/end: epoch millis, or {@code MMM dd [yyyy] HH:mm:ss[.SSS] [zone]}. */
    static long time(String v, ParseContext context) {
        if (!v.isEmpty() && v.charAt(0) >= '0' && v.charAt(0) <= '9') {
            return Timestamps.epochNumber(v);
        }
        return Timestamps.monthDayTime(v, context.zone(), context.receivedAt());
    }

    /** event.severity from 0-10 or Low/Medium/High/Very-High (the upper bound of the band); null if unknown. */
    static @Nullable String severity(String s) {
        if (s.length() <= 2 && Text.isDigits(s, 0, s.length())) {
            return Text.digits(s, 0, s.length()) <= 10 ? s : null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "low" -> "3";
            case "medium" -> "6";
            case "high" -> "8";
            case "very-high", "very high", "veryhigh" -> "10";
            default -> null;
        };
    }

    private static boolean keyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '-';
    }

    private static boolean validKey(String s, int start, int end) {
        if (end - start > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!keyChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String unescapeHeader(String s, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < end && (s.charAt(i + 1) == '|' || s.charAt(i + 1) == '\\')) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String unescapeValue(String s, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < end) {
                char d = s.charAt(i + 1);
                switch (d) {
                    case '=', '\\', '|' -> {
                        c = d;
                        i++;
                    }
                    case 'n' -> {
                        c = '\n';
                        i++;
                    }
                    case 'r' -> {
                        c = '\r';
                        i++;
                    }
                    default -> {}
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
