package org.medsoc.parse.kv;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.internal.KeyTable;
import org.medsoc.parse.internal.Normalize;
import org.medsoc.parse.internal.Text;
import org.medsoc.parse.internal.Timestamps;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * FortiGate (FortiOS 6/7) syslog: space-separated {@code key=value} pairs, string values double-quoted, with
 * {@code date}, {@code time}, {@code tz} and {@code eventtime} (epoch seconds to nanoseconds by version). Traffic,
 * UTM (IPS, anomaly, virus, web filter, WAF, application control, DNS) and event (system, user, VPN) logs. Every key
 * is kept under {@code fortinet.<key>}.
 */
public final class FortiGate {
    private static final int DATE = 1, TIME = 2, EVENTTIME = 3, TZ = 4, DEVNAME = 5, LOGID = 6, TYPE = 7,
            SUBTYPE = 8, LEVEL = 9, SRCIP = 10, SRCPORT = 11, DSTIP = 12, DSTPORT = 13, ACTION = 14, POLICYID = 15,
            POLICYNAME = 16, SERVICE = 17, PROTO = 18, SENTBYTE = 19, RCVDBYTE = 20, SENTPKT = 21, RCVDPKT = 22,
            USER = 23, SRCMAC = 24, DSTMAC = 25, TRANSIP = 26, TRANSPORT = 27, TRANIP = 28, TRANPORT = 29, MSG = 30,
            LOGDESC = 31, ATTACK = 32, ATTACKID = 33, HOSTNAME = 34, URL = 35, APP = 36, DIRECTION = 37, STATUS = 38,
            QNAME = 39, FILENAME = 40, VIRUS = 41, SRCNAME = 42, DSTUSER = 43, REMIP = 44, CATDESC = 45, DEVID = 46,
            QTYPE = 47, UI = 48, SEVERITY = 49, EVENTTYPE = 50, HTTPMETHOD = 51, AGENT = 52, VIRUSID = 53;

    private static final KeyTable KEYS = new KeyTable("fortinet.", codes(), Map.of(), false);
    private static final Set<String> SESSION_END = Set.of("close", "timeout", "server-rst", "client-rst", "start",
            "accept", "ip-conn", "dns", "passthrough");

    private static Map<String, Integer> codes() {
        Map<String, Integer> m = new HashMap<>();
        Object[][] pairs = {{"date", DATE}, {"time", TIME}, {"eventtime", EVENTTIME}, {"tz", TZ},
            {"devname", DEVNAME}, {"logid", LOGID}, {"type", TYPE}, {"subtype", SUBTYPE}, {"level", LEVEL},
            {"srcip", SRCIP}, {"srcport", SRCPORT}, {"dstip", DSTIP}, {"dstport", DSTPORT}, {"action", ACTION},
            {"policyid", POLICYID}, {"policyname", POLICYNAME}, {"service", SERVICE}, {"proto", PROTO},
            {"sentbyte", SENTBYTE}, {"rcvdbyte", RCVDBYTE}, {"sentpkt", SENTPKT}, {"rcvdpkt", RCVDPKT},
            {"user", USER}, {"srcmac", SRCMAC}, {"dstmac", DSTMAC}, {"transip", TRANSIP}, {"transport", TRANSPORT},
            {"tranip", TRANIP}, {"tranport", TRANPORT}, {"msg", MSG}, {"logdesc", LOGDESC}, {"attack", ATTACK},
            {"attackid", ATTACKID}, {"hostname", HOSTNAME}, {"url", URL}, {"app", APP}, {"direction", DIRECTION},
            {"status", STATUS}, {"qname", QNAME}, {"filename", FILENAME}, {"virus", VIRUS}, {"srcname", SRCNAME},
            {"dstuser", DSTUSER}, {"remip", REMIP}, {"catdesc", CATDESC}, {"devid", DEVID}, {"qtype", QTYPE},
            {"ui", UI}, {"severity", SEVERITY}, {"eventtype", EVENTTYPE}, {"httpmethod", HTTPMETHOD},
            {"agent", AGENT}, {"virusid", VIRUSID}, {"unauthuser", USER}, {"srcuser", USER}};
        for (Object[] p : pairs) {
            m.put((String) p[0], (Integer) p[1]);
        }
        return m;
    }

    private FortiGate() {}

    /** Whether the payload is a FortiGate log: {@code logid=} with {@code devid=} or a leading {@code date=}. */
    public static boolean detects(String s) {
        return s.indexOf("logid=") >= 0 && (s.startsWith("date=") || s.indexOf("devid=") >= 0);
    }

    /** Parses a FortiGate payload into the event; answers a reason when it holds no pairs. */
    public static @Nullable String parse(String s, ZoneId zone, Event event) {
        Pairs c = new Pairs(s);
        String date = null, time = null, tz = null, eventtime = null, type = null, subtype = null, action = null,
                status = null, msg = null, logdesc = null;
        int count = 0;
        while (c.next()) {
            count++;
            KeyTable.Entry e = KEYS.lookup(s, c.keyStart, c.keyEnd);
            String v = c.value;
            Text.add(event, e.field(), v);
            if (v.isEmpty() || e.code() == 0) {
                continue;
            }
            switch (e.code()) {
                case DATE -> date = v;
                case TIME -> time = v;
                case TZ -> tz = v;
                case EVENTTIME -> eventtime = v;
                case TYPE -> type = v;
                case SUBTYPE -> subtype = v;
                case ACTION -> action = v;
                case STATUS -> status = v;
                case MSG -> msg = v;
                case LOGDESC -> logdesc = v;
                case DEVNAME -> Text.put(event, Fields.OBSERVER_NAME, v);
                case LOGID -> Text.put(event, Fields.EVENT_CODE, v);
                case LEVEL -> Text.put(event, Fields.LOG_LEVEL, v);
                case SRCIP, REMIP -> ip(event, Fields.SOURCE_IP, v);
                case DSTIP -> ip(event, Fields.DESTINATION_IP, v);
                case SRCPORT -> Text.putLong(event, Fields.SOURCE_PORT, v);
                case DSTPORT -> Text.putLong(event, Fields.DESTINATION_PORT, v);
                case POLICYID -> Text.put(event, Fields.RULE_ID, v);
                case POLICYNAME -> Text.put(event, Fields.RULE_NAME, v);
                case SERVICE -> Text.put(event, Fields.NETWORK_PROTOCOL, v.toLowerCase(java.util.Locale.ROOT));
                case PROTO -> Text.put(event, Fields.NETWORK_TRANSPORT, Normalize.transport(v));
                case SENTBYTE -> Text.putLong(event, Fields.SOURCE_BYTES, v);
                case RCVDBYTE -> Text.putLong(event, Fields.DESTINATION_BYTES, v);
                case SENTPKT -> Text.putLong(event, Fields.SOURCE_PACKETS, v);
                case RCVDPKT -> Text.putLong(event, Fields.DESTINATION_PACKETS, v);
                case USER -> {
                    if (!v.equals("N/A")) {
                        Text.put(event, Fields.USER_NAME, v);
                        Normalize.addOnce(event, Fields.RELATED_USER, v);
                    }
                }
                case DSTUSER -> Text.put(event, Fields.USER_TARGET_NAME, v);
                case SRCMAC -> Text.put(event, Fields.SOURCE_MAC, v);
                case DSTMAC -> Text.put(event, Fields.DESTINATION_MAC, v);
                case TRANSIP -> Text.putIp(event, Fields.SOURCE_NAT_IP, v);
                case TRANSPORT -> Text.putLong(event, Fields.SOURCE_NAT_PORT, v);
                case TRANIP -> Text.putIp(event, Fields.DESTINATION_NAT_IP, v);
                case TRANPORT -> Text.putLong(event, Fields.DESTINATION_NAT_PORT, v);
                case ATTACK, VIRUS -> Text.put(event, Fields.RULE_NAME, v);
                case ATTACKID, VIRUSID -> Text.put(event, Fields.RULE_ID, v);
                case CATDESC -> Text.put(event, Fields.RULE_CATEGORY, v);
                case HOSTNAME -> Text.put(event, Fields.URL_DOMAIN, v);
                case URL -> Text.put(event, Fields.URL_ORIGINAL, v);
                case HTTPMETHOD -> Text.put(event, Fields.HTTP_REQUEST_METHOD, v);
                case AGENT -> Text.put(event, Fields.USER_AGENT_ORIGINAL, v);
                case APP -> Text.put(event, Fields.NETWORK_APPLICATION, v);
                case DIRECTION -> Text.put(event, Fields.NETWORK_DIRECTION,
                        v.equals("incoming") ? "inbound" : v.equals("outgoing") ? "outbound" : v);
                case QNAME -> Text.put(event, Fields.DNS_QUESTION_NAME, v);
                case QTYPE -> Text.put(event, Fields.DNS_QUESTION_TYPE, v);
                case FILENAME -> Text.put(event, Fields.FILE_NAME, v);
                case SRCNAME -> Text.put(event, Fields.SOURCE_DOMAIN, v);
                default -> {} // DEVID, UI, SEVERITY, EVENTTYPE: kept under fortinet.* only
            }
        }
        if (count == 0) {
            return "no key=value pairs in FortiGate message";
        }
        Text.put(event, Fields.OBSERVER_VENDOR, "Fortinet");
        Text.put(event, Fields.OBSERVER_PRODUCT, "FortiGate");
        Text.put(event, Fields.OBSERVER_TYPE, "firewall");
        Text.put(event, Fields.MESSAGE, msg != null ? msg : logdesc);
        long t = timestamp(date, time, tz, eventtime, zone);
        if (t != Timestamps.INVALID) {
            event.timestamp(t);
        }
        classify(event, type, subtype, action, status, logdesc);
        return null;
    }

    private static void classify(Event event, @Nullable String type, @Nullable String subtype,
            @Nullable String action, @Nullable String status, @Nullable String logdesc) {
        boolean traffic = "traffic".equals(type);
        if (traffic) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "network");
            Normalize.addOnce(event, Fields.EVENT_TYPE, "connection");
        } else if ("utm".equals(type) && subtype != null) {
            switch (subtype) {
                case "ips", "anomaly" -> {
                    Normalize.addOnce(event, Fields.EVENT_CATEGORY, "intrusion_detection");
                    Normalize.addOnce(event, Fields.EVENT_CATEGORY, "network");
                    event.put(Fields.EVENT_KIND, "alert");
                }
                case "virus" -> {
                    Normalize.addOnce(event, Fields.EVENT_CATEGORY, "malware");
                    event.put(Fields.EVENT_KIND, "alert");
                }
                case "waf" -> {
                    Normalize.addOnce(event, Fields.EVENT_CATEGORY, "intrusion_detection");
                    Normalize.addOnce(event, Fields.EVENT_CATEGORY, "web");
                    event.put(Fields.EVENT_KIND, "alert");
                }
                case "webfilter" -> Normalize.addOnce(event, Fields.EVENT_CATEGORY, "web");
                case "dns", "app-ctrl", "ssh", "ssl" -> Normalize.addOnce(event, Fields.EVENT_CATEGORY, "network");
                case "emailfilter" -> Normalize.addOnce(event, Fields.EVENT_CATEGORY, "email");
                default -> {}
            }
        } else if ("event".equals(type) && subtype != null) {
            boolean login = "login".equals(action) || "logout".equals(action)
                    || (logdesc != null && (logdesc.contains("login") || logdesc.contains("Login")));
            if (login) {
                Normalize.addOnce(event, Fields.EVENT_CATEGORY, "authentication");
                Normalize.addOnce(event, Fields.EVENT_TYPE, "logout".equals(action) ? "end" : "start");
            } else if (subtype.equals("vpn")) {
                Normalize.addOnce(event, Fields.EVENT_CATEGORY, "network");
                Normalize.addOnce(event, Fields.EVENT_TYPE, "connection");
            } else if (subtype.equals("system")) {
                Normalize.addOnce(event, Fields.EVENT_CATEGORY, "configuration");
            }
        }
        if (action != null) {
            if (traffic && Normalize.action(action) == null && SESSION_END.contains(action)) {
                Text.put(event, Fields.EVENT_ACTION, action);
                Normalize.addOnce(event, Fields.EVENT_TYPE, "allowed");
                Text.put(event, Fields.EVENT_OUTCOME, "success");
            } else {
                Normalize.putAction(event, action);
            }
        }
        if (status != null) {
            switch (status) {
                case "success", "succeeded" -> Text.put(event, Fields.EVENT_OUTCOME, "success");
                case "failed", "failure", "fail" -> Text.put(event, Fields.EVENT_OUTCOME, "failure");
                default -> {}
            }
        }
    }

    private static void ip(Event event, Field field, String v) {
        if (Text.putIp(event, field, v)) {
            Normalize.addOnce(event, Fields.RELATED_IP, v);
        }
    }

    static long timestamp(@Nullable String date, @Nullable String time, @Nullable String tz,
            @Nullable String eventtime, ZoneId zone) {
        if (eventtime != null) {
            long t = Timestamps.epochNumber(eventtime);
            if (t != Timestamps.INVALID) {
                return t;
            }
        }
        if (date == null || time == null || date.length() != 10 || time.length() < 8) {
            return Timestamps.INVALID;
        }
        int y = (int) Text.digits(date, 0, 4);
        int mo = (int) Text.digits(date, 5, 7);
        int d = (int) Text.digits(date, 8, 10);
        int h = (int) Text.digits(time, 0, 2);
        int mi = (int) Text.digits(time, 3, 5);
        int sec = (int) Text.digits(time, 6, 8);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) {
            return Timestamps.INVALID;
        }
        if (tz != null) {
            int off = Timestamps.offsetSeconds(tz, 0, tz.length());
            if (off != Integer.MIN_VALUE) {
                return Timestamps.atOffset(y, mo, d, h, mi, sec, 0, off);
            }
        }
        return Timestamps.inZone(y, mo, d, h, mi, sec, 0, zone);
    }
}
