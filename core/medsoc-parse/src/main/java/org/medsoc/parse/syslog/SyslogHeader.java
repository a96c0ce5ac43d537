package org.medsoc.parse.syslog;

import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.internal.Text;
import org.medsoc.parse.internal.Timestamps;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * Reads a syslog header at the start of a message and writes its fields into an event; the result says where the
 * payload starts.
 *
 * <p>Recognised: RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}), RFC 3164
 * ({@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG}) and its common variants (ISO 8601 timestamp, {@code Mmm dd yyyy
 * hh:mm:ss}, no hostname, no timestamp after the PRI as FortiGate sends), and PRI-less lines as written to
 * {@code /var/log/auth.log}. A message without any of these has no header.
 */
public final class SyslogHeader {
    /** Which header a message had. */
    public enum Kind {
        NONE,
        RFC5424,
        RFC3164
    }

    private static final String SD_PREFIX = "log.syslog.structured_data.";
    /* Structured-data names are interned into the JVM-wide field registry: bounded so hostile input cannot fill it. */
    private static final int MAX_SD_NAMES = 1024;
    private static final java.util.concurrent.atomic.AtomicInteger SD_NAMES =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final String[] SMALL = new String[192];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).intern();
        }
    }

    private Kind kind = Kind.NONE;
    private int payloadStart;
    private @Nullable String appName;
    private long timestamp = Timestamps.INVALID;
    private @Nullable String error;

    /** The header kind found. */
    public Kind kind() {
        return kind;
    }

    /** Offset of the payload (MSG) in the text. */
    public int payloadStart() {
        return payloadStart;
    }

    /** APP-NAME (RFC 5424) or TAG (RFC 3164), if any. */
    public @Nullable String appName() {
        return appName;
    }

    /** The header's timestamp, or {@link Timestamps#INVALID}. */
    public long timestamp() {
        return timestamp;
    }

    /** Why the header is malformed, or null. A malformed header makes the message a dead letter. */
    public @Nullable String error() {
        return error;
    }

    /**
     * Parses the header of {@code s} into this object and {@code event}.
     *
     * @param zone the zone of timestamps without offset
     * @param receivedAt for the year of BSD timestamps
     */
    public SyslogHeader parse(String s, ZoneId zone, long receivedAt, Event event) {
        kind = Kind.NONE;
        payloadStart = 0;
        appName = null;
        timestamp = Timestamps.INVALID;
        pendingTimestamp = Timestamps.INVALID;
        error = null;
        int n = s.length();
        if (n > 0 && s.charAt(0) == '<') {
            int gt = -1;
            for (int i = 1; i < Math.min(n, 7); i++) {
                if (s.charAt(i) == '>') {
                    gt = i;
                    break;
                }
            }
            if (gt < 0) {
                return this; // '<' starting XML or text, not a PRI
            }
            boolean digits = Text.isDigits(s, 1, gt);
            if (!digits && gt > 4) {
                return this; // <html> and the like: not a PRI attempt
            }
            long pri = digits && gt <= 4 ? Text.digits(s, 1, gt) : -1;
            if (pri < 0 || pri > 191) {
                error = "invalid syslog PRI '" + s.substring(0, gt + 1) + "': expected <0> to <191>";
                return this;
            }
            int p = (int) pri;
            event.add(Fields.LOG_SYSLOG_PRIORITY, SMALL[p]);
            event.add(Fields.LOG_SYSLOG_FACILITY_CODE, SMALL[p >> 3]);
            event.add(Fields.LOG_SYSLOG_SEVERITY_CODE, SMALL[p & 7]);
            int v = gt + 1;
            int ve = v;
            while (ve < n && ve - v < 3 && s.charAt(ve) >= '0' && s.charAt(ve) <= '9') {
                ve++;
            }
            if (ve > v && ve < n && s.charAt(ve) == ' ' && s.charAt(v) != '0') {
                kind = Kind.RFC5424;
                event.add(Fields.LOG_SYSLOG_VERSION, s.substring(v, ve));
                rfc5424(s, ve + 1, zone, event);
            } else {
                kind = Kind.RFC3164;
                rfc3164(s, gt + 1, true, zone, receivedAt, event);
            }
            return this;
        }
        rfc3164(s, 0, false, zone, receivedAt, event);
        return this;
    }

    // ---------------------------------------------------------------- RFC 5424

    private void rfc5424(String s, int p, ZoneId zone, Event event) {
        int n = s.length();
        int e = token(s, p);
        if (e == p || e >= n) {
            error = "RFC 5424 header ends before HOSTNAME";
            return;
        }
        if (!(e == p + 1 && s.charAt(p) == '-')) {
            long t = Timestamps.iso(s, p, e, zone);
            if (t == Timestamps.INVALID) {
                error = "invalid RFC 5424 TIMESTAMP '" + s.substring(p, e) + "'";
                return;
            }
            timestamp = t;
        }
        p = e + 1;
        e = token(s, p);
        if (e >= n) {
            error = "RFC 5424 header ends before APP-NAME";
            return;
        }
        String host = nil(s, p, e);
        if (host != null) {
            event.add(Fields.LOG_SYSLOG_HOSTNAME, host);
            event.add(Fields.HOST_NAME, host);
        }
        p = e + 1;
        e = token(s, p);
        if (e >= n) {
            error = "RFC 5424 header ends before PROCID";
            return;
        }
        String app = nil(s, p, e);
        if (app != null) {
            appName = app;
            event.add(Fields.LOG_SYSLOG_APPNAME, app);
            event.add(Fields.PROCESS_NAME, app);
        }
        p = e + 1;
        e = token(s, p);
        if (e >= n) {
            error = "RFC 5424 header ends before MSGID";
            return;
        }
        String proc = nil(s, p, e);
        if (proc != null) {
            event.add(Fields.LOG_SYSLOG_PROCID, proc);
            if (Text.isLong(proc)) {
                event.add(Fields.PROCESS_PID, proc);
            }
        }
        p = e + 1;
        e = token(s, p);
        String msgId = nil(s, p, e);
        if (msgId != null) {
            event.add(Fields.LOG_SYSLOG_MSGID, msgId);
        }
        p = e;
        if (p >= n) {
            payloadStart = n; // lenient: STRUCTURED-DATA missing at the very end
            return;
        }
        p++;
        if (p >= n) {
            error = "RFC 5424 header ends before STRUCTURED-DATA";
            return;
        }
        char c = s.charAt(p);
        if (c == '-') {
            p++;
        } else if (c == '[') {
            p = structuredData(s, p, event);
            if (p < 0) {
                return;
            }
        } else {
            error = "invalid RFC 5424 STRUCTURED-DATA at offset " + p + ": expected '-' or '['";
            return;
        }
        if (p < n) {
            if (s.charAt(p) != ' ') {
                error = "invalid RFC 5424 STRUCTURED-DATA at offset " + p + ": expected a space before MSG";
                return;
            }
            p++;
        }
        if (p < n && s.charAt(p) == '\uFEFF') {
            p++;
        }
        payloadStart = p;
    }

    private int structuredData(String s, int p, Event event) {
        int n = s.length();
        StringBuilder sb = null;
        while (p < n && s.charAt(p) == '[') {
            int idStart = ++p;
            while (p < n && sdNameChar(s.charAt(p))) {
                p++;
            }
            if (p == idStart || p >= n) {
                return sdError(p, "SD-ID");
            }
            String id = s.substring(idStart, p);
            while (p < n && s.charAt(p) == ' ') {
                int nameStart = ++p;
                while (p < n && sdNameChar(s.charAt(p))) {
                    p++;
                }
                if (p == nameStart || p + 1 >= n || s.charAt(p) != '=' || s.charAt(p + 1) != '"') {
                    return sdError(p, "PARAM-NAME=\"");
                }
                int nameEnd = p;
                p += 2;
                int valueStart = p;
                boolean escaped = false;
                while (p < n && s.charAt(p) != '"') {
                    if (s.charAt(p) == '\\' && p + 1 < n) {
                        escaped = true;
                        p++;
                    }
                    p++;
                }
                if (p >= n) {
                    return sdError(p, "closing '\"' of PARAM-VALUE");
                }
                String value;
                if (escaped) {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.setLength(0);
                    for (int i = valueStart; i < p; i++) {
                        char c = s.charAt(i);
                        if (c == '\\' && i + 1 < p) {
                            char d = s.charAt(i + 1);
                            if (d == '"' || d == '\\' || d == ']') {
                                c = d;
                                i++;
                            }
                        }
                        sb.append(c);
                    }
                    value = sb.toString();
                } else {
                    value = s.substring(valueStart, p);
                }
                p++;
                String name = SD_PREFIX + id + '.' + s.substring(nameStart, nameEnd);
                Field f = Fields.find(name).orElse(null);
                if (f == null && SD_NAMES.get() < MAX_SD_NAMES && Fields.isValidName(name)) {
                    f = Fields.intern(name);
                    SD_NAMES.incrementAndGet();
                }
                Text.add(event, f, value);
            }
            if (p >= n || s.charAt(p) != ']') {
                return sdError(p, "']'");
            }
            p++;
        }
        return p;
    }

    private int sdError(int p, String expected) {
        error = "invalid RFC 5424 STRUCTURED-DATA at offset " + p + ": expected " + expected;
        return -1;
    }

    private static boolean sdNameChar(char c) {
        return c > 32 && c < 127 && c != '=' && c != ']' && c != '"';
    }

    private static @Nullable String nil(String s, int p, int e) {
        if (e <= p || (e == p + 1 && s.charAt(p) == '-')) {
            return null;
        }
        return s.substring(p, e);
    }

    private static int token(String s, int p) {
        int n = s.length();
        while (p < n && s.charAt(p) != ' ') {
            p++;
        }
        return p;
    }

    // ---------------------------------------------------------------- RFC 3164

    private void rfc3164(String s, int p, boolean hasPri, ZoneId zone, long receivedAt, Event event) {
        int n = s.length();
        int afterTs = bsdTimestamp(s, p, zone, receivedAt);
        boolean iso = false;
        if (afterTs < 0) {
            afterTs = isoTimestamp(s, p, zone);
            iso = afterTs >= 0;
        }
        if (afterTs < 0) {
            if (hasPri) {
                payloadStart = p; // <PRI> straight followed by the message (FortiGate, many appliances)
            }
            return;
        }
        // afterTs points behind the timestamp: at ' ' or the end
        int q = afterTs < n ? afterTs + 1 : n;
        int e1 = token(s, q);
        boolean hostless = isTag(s, q, e1);
        String host = null;
        int tagStart;
        int tagEnd;
        if (hostless) {
            tagStart = q;
            tagEnd = e1;
        } else if (isHostname(s, q, e1)) {
            host = s.substring(q, e1);
            tagStart = e1 < n ? e1 + 1 : n;
            tagEnd = token(s, tagStart);
        } else {
            tagStart = q;
            tagEnd = q;
        }
        boolean tagged = tagEnd > tagStart && isTag(s, tagStart, tagEnd);
        if (!hasPri && (host == null || (iso && !tagged))) {
            return; // a line merely starting with a date: no header
        }
        if (!hasPri) {
            kind = Kind.RFC3164;
        }
        // the timestamp is committed only now that the line is a syslog line
        if (host != null) {
            event.add(Fields.LOG_SYSLOG_HOSTNAME, host);
            event.add(Fields.HOST_NAME, host);
        }
        if (tagged) {
            tag(s, tagStart, tagEnd, event);
            int m = tagEnd < n ? tagEnd + 1 : n;
            payloadStart = m;
        } else {
            payloadStart = tagStart;
        }
        timestamp = pendingTimestamp;
    }

    private long pendingTimestamp = Timestamps.INVALID;

    private void tag(String s, int start, int end, Event event) {
        int colon = end - 1; // isTag guarantees the ':'
        int bracket = s.indexOf('[', start);
        String app;
        if (bracket >= 0 && bracket < colon) {
            app = s.substring(start, bracket);
            String pid = s.substring(bracket + 1, colon - 1);
            if (!pid.isEmpty()) {
                event.add(Fields.LOG_SYSLOG_PROCID, pid);
                if (Text.isLong(pid)) {
                    event.add(Fields.PROCESS_PID, pid);
                }
            }
        } else {
            app = s.substring(start, colon);
        }
        appName = app;
        event.add(Fields.LOG_SYSLOG_APPNAME, app);
        event.add(Fields.PROCESS_NAME, app);
    }

    /** TAG ':' or TAG '[' PID ']' ':' with TAG of 1..64 non-space characters, not starting with "%%". */
    static boolean isTag(String s, int start, int end) {
        if (end - start < 2 || end - start > 100 || s.charAt(end - 1) != ':') {
            return false;
        }
        if (s.charAt(start) == '%' && start + 1 < end && s.charAt(start + 1) == '%') {
            return false;
        }
        int colon = end - 1;
        int i = start;
        while (i < colon) {
            char c = s.charAt(i);
            if (c == '[' || c == ':' || c == '=' || c == '"' || c == ']') {
                break;
            }
            i++;
        }
        if (i == start || i - start > 64) {
            return false;
        }
        if (i == colon) {
            return true;
        }
        if (s.charAt(i) != '[' || s.charAt(colon - 1) != ']') {
            return false;
        }
        for (int k = i + 1; k < colon - 1; k++) {
            char c = s.charAt(k);
            if (c == '[' || c == ']') {
                return false;
            }
        }
        return colon - 1 - (i + 1) <= 32;
    }

    /** Letters, digits, '.', '-', '_' and ':' (IPv6), 1..255 characters. */
    static boolean isHostname(String s, int start, int end) {
        if (end <= start || end - start > 255) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == '_' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return s.charAt(end - 1) != ':';
    }

    /**
     * {@code Mmm dd hh:mm:ss} (day space- or zero-padded), {@code Mmm dd yyyy hh:mm:ss}, optional fraction; sets
     * the pending timestamp and answers the offset after it, or -1.
     */
    private int bsdTimestamp(String s, int p, ZoneId zone, long receivedAt) {
        int n = s.length();
        int month = Timestamps.month(s, p);
        if (month == 0 || p + 3 >= n || s.charAt(p + 3) != ' ') {
            return -1;
        }
        int q = p + 4;
        if (q < n && s.charAt(q) == ' ') {
            q++;
        }
        int d0 = q;
        while (q < n && q - d0 < 2 && s.charAt(q) >= '0' && s.charAt(q) <= '9') {
            q++;
        }
        if (q == d0 || q >= n || s.charAt(q) != ' ') {
            return -1;
        }
        int day = (int) Text.digits(s, d0, q);
        q++;
        int year = -1;
        if (q + 5 <= n && s.charAt(q + 4) == ' ' && Text.isDigits(s, q, q + 4)) {
            year = (int) Text.digits(s, q, q + 4);
            q += 5;
        }
        if (q + 8 > n || s.charAt(q + 2) != ':' || s.charAt(q + 5) != ':') {
            return -1;
        }
        int hour = (int) Text.digits(s, q, q + 2);
        int minute = (int) Text.digits(s, q + 3, q + 5);
        int second = (int) Text.digits(s, q + 6, q + 8);
        if (hour < 0 || minute < 0 || second < 0) {
            return -1;
        }
        q += 8;
        int millis = 0;
        if (q < n && s.charAt(q) == '.') {
            int f = q + 1;
            while (f < n && s.charAt(f) >= '0' && s.charAt(f) <= '9') {
                f++;
            }
            millis = (int) Math.max(0, Text.digits(s, q + 1, Math.min(f, q + 4)));
            for (int k = Math.min(f, q + 4) - q - 1; k < 3; k++) {
                millis *= 10;
            }
            q = f;
        }
        if (q < n && s.charAt(q) != ' ') {
            return -1;
        }
        long t = year < 0
                ? Timestamps.nearestYear(month, day, hour, minute, second, millis, zone, receivedAt)
                : Timestamps.inZone(year, month, day, hour, minute, second, millis, zone);
        if (t == Timestamps.INVALID) {
            return -1;
        }
        pendingTimestamp = t;
        return q;
    }

    private int isoTimestamp(String s, int p, ZoneId zone) {
        int n = s.length();
        if (p + 19 > n || s.charAt(p + 4) != '-' || s.charAt(p) < '0' || s.charAt(p) > '9') {
            return -1;
        }
        // "yyyy-MM-dd HH:mm:ss" (a space instead of 'T') is common on Chinese network devices
        int e = s.charAt(p + 10) == ' ' ? token(s, p + 11) : token(s, p);
        long t = Timestamps.iso(s, p, e, zone);
        if (t == Timestamps.INVALID) {
            return -1;
        }
        pendingTimestamp = t;
        return e;
    }
}
