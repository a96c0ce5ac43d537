package org.medsoc.parse;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.internal.KeyTable;
import org.medsoc.parse.internal.Normalize;
import org.medsoc.parse.internal.Text;
import org.medsoc.parse.internal.Timestamps;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * IBM QRadar Log Event Extended Format, LEEF 1.0 ({@code LEEF:1.0|Vendor|Product|Version|EventID|attributes}, tab
 * separated) and LEEF 2.0 ({@code LEEF:2.0|Vendor|Product|Version|EventID|DelimiterCharacter|attributes}, the
 * delimiter given as one character or as hex {@code x09} / {@code 0x09}, tab when empty).
 *
 * <p>Attributes are kept under {@code leef.<key>}; the predefined keys (src, dst, srcPort, dstPort, usrName, proto,
 * sev, cat, devTime with devTimeFormat, identSrc, srcBytes, dstBytes, NAT addresses...) are mapped to the schema.
 */
public final class LeefPayloadParser implements PayloadParser {
    private static final int SRC = 1, DST = 2, SPT = 3, DPT = 4, USER = 5, PROTO = 6, SEV = 7, DEVTIME = 8,
            DEVTIME_FORMAT = 9, IDENT_SRC = 10, SRC_BYTES = 11, DST_BYTES = 12, SRC_PACKETS = 13, DST_PACKETS = 14,
            SRC_MAC = 15, DST_MAC = 16, SRC_NAT = 17, DST_NAT = 18, SRC_NAT_PORT = 19, DST_NAT_PORT = 20,
            ACTION = 21, URL = 22, DOMAIN = 23, LOGIN = 24, LOGOUT = 25, IDENT_HOST = 26, MSG = 27, POLICY = 28,
            TOTAL_PACKETS = 29, IDENT_USER = 30, ACCOUNT = 31;

    private static final Field LEEF_VERSION = Text.keyword("leef.version");
    private static final Field LEEF_VENDOR = Text.keyword("leef.vendor");
    private static final Field LEEF_PRODUCT = Text.keyword("leef.product");
    private static final Field LEEF_PRODUCT_VERSION = Text.keyword("leef.product_version");
    private static final Field LEEF_EVENT_ID = Text.keyword("leef.event_id");

    private static final KeyTable KEYS = new KeyTable("leef.", codes(), Map.of(), false);
    private static final int MAX_FORMATS = 64;
    private static final Map<String, DateTimeFormatter> FORMATS = new ConcurrentHashMap<>();

    private static Map<String, Integer> codes() {
        Map<String, Integer> m = new HashMap<>();
        m.put("src", SRC);
        m.put("dst", DST);
        m.put("srcPort", SPT);
        m.put("dstPort", DPT);
        m.put("usrName", USER);
        m.put("proto", PROTO);
        m.put("sev", SEV);
        m.put("devTime", DEVTIME);
        m.put("devTimeFormat", DEVTIME_FORMAT);
        m.put("identSrc", IDENT_SRC);
        m.put("srcBytes", SRC_BYTES);
        m.put("dstBytes", DST_BYTES);
        m.put("srcPackets", SRC_PACKETS);
        m.put("dstPackets", DST_PACKETS);
        m.put("totalPackets", TOTAL_PACKETS);
        m.put("srcMAC", SRC_MAC);
        m.put("dstMAC", DST_MAC);
        m.put("srcPostNAT", SRC_NAT);
        m.put("dstPostNAT", DST_NAT);
        m.put("srcPostNATPort", SRC_NAT_PORT);
        m.put("dstPostNATPort", DST_NAT_PORT);
        m.put("action", ACTION);
        m.put("url", URL);
        m.put("domain", DOMAIN);
        m.put("isLoginEvent", LOGIN);
        m.put("isLogoutEvent", LOGOUT);
        m.put("identHostName", IDENT_HOST);
        m.put("identUserName", IDENT_USER);
        m.put("accountName", ACCOUNT);
        m.put("msg", MSG);
        m.put("policy", POLICY);
        return m;
    }

    /** Creates the LEEF parser; it holds no per-message state. */
    public LeefPayloadParser() {}

    @Override
    public String name() {
        return "leef";
    }

    @Override
    public boolean detects(String payload, ParseContext context) {
        return payload.startsWith("LEEF:");
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        String s = payload;
        int n = s.length();
        if (!s.startsWith("LEEF:")) {
            return "not a LEEF message: it does not start with 'LEEF:'";
        }
        String[] header = new String[5];
        int p = 5;
        for (int f = 0; f < 5; f++) {
            int q = p;
            boolean escaped = false;
            while (q < n && s.charAt(q) != '|') {
                if (s.charAt(q) == '\\' && q + 1 < n) {
                    escaped = true;
                    q++;
                }
                q++;
            }
            if (q >= n) {
                return "LEEF header has " + (f + 1) + " of 5 '|'-separated fields"
                        + " (LEEF:Version|Vendor|Product|Version|EventID|)";
            }
            header[f] = escaped ? s.substring(p, q).replace("\\|", "|") : s.substring(p, q);
            p = q + 1;
        }
        String version = header[0].trim();
        char delimiter = '\t';
        if (version.equals("2.0") || version.equals("2")) {
            int q = s.indexOf('|', p);
            if (q >= 0 && q - p <= 4 && s.lastIndexOf('=', q) < p) {
                int d = delimiter(s, p, q);
                if (d < 0) {
                    return "invalid LEEF 2.0 delimiter '" + s.substring(p, q)
                            + "': expected one character or its hex value such as x5E or 0x5E";
                }
                delimiter = (char) d;
                p = q + 1;
            }
        } else if (!version.equals("1.0") && !version.equals("1")) {
            return "unsupported LEEF version '" + version + "': expected 1.0 or 2.0";
        }
        event.add(LEEF_VERSION, version);
        Text.add(event, LEEF_VENDOR, header[1]);
        Text.add(event, LEEF_PRODUCT, header[2]);
        Text.add(event, LEEF_PRODUCT_VERSION, header[3]);
        Text.add(event, LEEF_EVENT_ID, header[4]);
        Text.put(event, Fields.OBSERVER_VENDOR, header[1]);
        Text.put(event, Fields.OBSERVER_PRODUCT, header[2]);
        Text.put(event, Fields.OBSERVER_VERSION, header[3]);
        Text.put(event, Fields.EVENT_CODE, header[4]);
        String devTime = null;
        String devTimeFormat = null;
        // Senders of LEEF 1.0 sometimes use spaces instead of tabs: fall back when no tab is present.
        boolean spaces = delimiter == '\t' && s.indexOf('\t', p) < 0 && s.indexOf('=', p) >= 0;
        while (p < n) {
            int end = spaces ? nextSpacePair(s, p) : s.indexOf(delimiter, p);
            if (end < 0) {
                end = n;
            }
            int eq = s.indexOf('=', p);
            if (eq > p && eq < end) {
                KeyTable.Entry e = KEYS.lookup(s, p, eq);
                String value = Text.trimmed(s, eq + 1, end);
                if (!value.isEmpty()) {
                    Text.add(event, e.field(), value);
                    switch (e.code()) {
                        case 0 -> {}
                        case DEVTIME -> devTime = value;
                        case DEVTIME_FORMAT -> devTimeFormat = value;
                        default -> apply(e.code(), value, event);
                    }
                }
            }
            p = end + 1;
        }
        if (devTime != null) {
            long t = time(devTime, devTimeFormat, context);
            if (t != Timestamps.INVALID) {
                event.timestamp(t);
            }
        }
        return null;
    }

    private static int nextSpacePair(String s, int p) {
        int eq = s.indexOf('=', p);
        if (eq < 0) {
            return -1;
        }
        int next = s.indexOf('=', eq + 1);
        if (next < 0) {
            return -1;
        }
        int sp = s.lastIndexOf(' ', next);
        return sp > eq ? sp : -1;
    }

    private static int delimiter(String s, int p, int q) {
        int len = q - p;
        if (len == 0) {
            return '\t';
        }
        if (len == 1) {
            return s.charAt(p);
        }
        int h = p;
        if (s.charAt(h) == '0' && len >= 3 && (s.charAt(h + 1) == 'x' || s.charAt(h + 1) == 'X')) {
            h += 2;
        } else if (s.charAt(h) == 'x' || s.charAt(h) == 'X') {
            h += 1;
        } else {
            return -1;
        }
        if (q - h < 1 || q - h > 2) {
            return -1;
        }
        try {
            int v = Integer.parseInt(s, h, q, 16);
            return v == 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void apply(int code, String v, Event event) {
        switch (code) {
            case SRC -> ip(event, Fields.SOURCE_IP, v);
            case DST -> ip(event, Fields.DESTINATION_IP, v);
            case SPT -> Text.putLong(event, Fields.SOURCE_PORT, v);
            case DPT -> Text.putLong(event, Fields.DESTINATION_PORT, v);
            case USER, ACCOUNT, IDENT_USER -> {
                if (!event.has(Fields.USER_NAME)) {
                    Text.put(event, Fields.USER_NAME, v);
                }
                Normalize.addOnce(event, Fields.RELATED_USER, v);
            }
            case PROTO -> Text.put(event, Fields.NETWORK_TRANSPORT, Normalize.transport(v));
            case SEV -> {
                if (v.length() <= 2 && Text.isDigits(v, 0, v.length())) {
                    Text.put(event, Fields.EVENT_SEVERITY, v);
                }
            }
            case IDENT_SRC -> {
                if (Text.isIp(v)) {
                    Normalize.addOnce(event, Fields.RELATED_IP, v);
                }
            }
            case SRC_BYTES -> Text.putLong(event, Fields.SOURCE_BYTES, v);
            case DST_BYTES -> Text.putLong(event, Fields.DESTINATION_BYTES, v);
            case SRC_PACKETS -> Text.putLong(event, Fields.SOURCE_PACKETS, v);
            case DST_PACKETS -> Text.putLong(event, Fields.DESTINATION_PACKETS, v);
            case TOTAL_PACKETS -> Text.putLong(event, Fields.NETWORK_PACKETS, v);
            case SRC_MAC -> Text.put(event, Fields.SOURCE_MAC, v);
            case DST_MAC -> Text.put(event, Fields.DESTINATION_MAC, v);
            case SRC_NAT -> Text.putIp(event, Fields.SOURCE_NAT_IP, v);
            case DST_NAT -> Text.putIp(event, Fields.DESTINATION_NAT_IP, v);
            case SRC_NAT_PORT -> Text.putLong(event, Fields.SOURCE_NAT_PORT, v);
            case DST_NAT_PORT -> Text.putLong(event, Fields.DESTINATION_NAT_PORT, v);
            case ACTION -> Normalize.putAction(event, v);
            case URL -> Text.put(event, Fields.URL_ORIGINAL, v);
            case DOMAIN -> Text.put(event, Fields.USER_DOMAIN, v);
            case LOGIN, LOGOUT -> {
                if (v.equalsIgnoreCase("true")) {
                    Normalize.addOnce(event, Fields.EVENT_CATEGORY, "authentication");
                    Normalize.addOnce(event, Fields.EVENT_TYPE, code == LOGIN ? "start" : "end");
                }
            }
            case IDENT_HOST -> Text.put(event, Fields.HOST_HOSTNAME, v);
            case MSG -> Text.put(event, Fields.MESSAGE, v);
            case POLICY -> Text.put(event, Fields.RULE_NAME, v);
            default -> {}
        }
    }

    private static void ip(Event event, Field field, String v) {
        if (Text.putIp(event, field, v)) {
            Normalize.addOnce(event, Fields.RELATED_IP, v);
        }
    }

    /**
     * devTime: epoch millis; {@code MMM dd yyyy HH:mm:ss} (the LEEF default, optional {@code .SSS} and zone); or the
     * Java date pattern in devTimeFormat.
     */
    static long time(String devTime, @Nullable String format, ParseContext context) {
        if (format == null) {
            if (devTime.charAt(0) >= '0' && devTime.charAt(0) <= '9') {
                long t = Timestamps.epochNumber(devTime);
                return t != Timestamps.INVALID ? t : Timestamps.iso(devTime, 0, devTime.length(), context.zone());
            }
            return Timestamps.monthDayTime(devTime, context.zone(), context.receivedAt());
        }
        DateTimeFormatter f = FORMATS.get(format);
        if (f == null) {
            try {
                f = DateTimeFormatter.ofPattern(format, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return Timestamps.INVALID;
            }
            if (FORMATS.size() < MAX_FORMATS) {
                FORMATS.put(format, f);
            }
        }
        try {
            TemporalAccessor ta = f.parse(devTime);
            ZoneId zone = ta.query(java.time.temporal.TemporalQueries.zone());
            if (zone == null) {
                zone = context.zone();
            }
            int year = ta.isSupported(ChronoField.YEAR) ? ta.get(ChronoField.YEAR) : java.time.Instant.ofEpochMilli(context.receivedAt()).atZone(zone).getYear();
            ZonedDateTime z = ZonedDateTime.of(year, ta.get(ChronoField.MONTH_OF_YEAR), ta.get(ChronoField.DAY_OF_MONTH),
                    ta.isSupported(ChronoField.HOUR_OF_DAY) ? ta.get(ChronoField.HOUR_OF_DAY) : 0,
                    ta.isSupported(ChronoField.MINUTE_OF_HOUR) ? ta.get(ChronoField.MINUTE_OF_HOUR) : 0,
                    ta.isSupported(ChronoField.SECOND_OF_MINUTE) ? ta.get(ChronoField.SECOND_OF_MINUTE) : 0,
                    ta.isSupported(ChronoField.NANO_OF_SECOND) ? ta.get(ChronoField.NANO_OF_SECOND) : 0, zone);
            return z.toInstant().toEpochMilli();
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Timestamps.INVALID;
        }
    }
}
