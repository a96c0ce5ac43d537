package org.medsoc.parse.access;

import org.medsoc.parse.internal.Text;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.json.Literals;
import org.medsoc.parse.json.SuricataLayout;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.parse.json.SchemaFields;
import org.medsoc.spi.event.Fields;

/**
 * One access log line in the NCSA family: {@code [vhost[:port] ]client ident user [time] "request" status bytes
 * ["referrer" "user agent"] [extra...]} (Apache {@code common}, {@code combined}, {@code vhost_combined}, nginx
 * {@code combined}, with trailing fields such as request time or X-Forwarded-For tolerated).
 *
 * <p>Scanning is by index: tokens end at a space, quoted fields at a {@code "} followed by a space or the end of
 * the line, skipping backslash escapes ({@code \"}). A request line that is not {@code METHOD target HTTP/x} is
 * kept whole as {@code url.original} with {@code event.outcome: unknown}.
 */
public final class AccessLine {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** The server software that wrote the line; decides the prefix of the originals and event.module. */
    public enum Vendor {
        NGINX("nginx"),
        APACHE("apache");

        final String module;
        final String dataset;
        final Field forwardedFor;
        final Field extra;
        final Field ident;

        Vendor(String module) {
            this.module = module;
            this.dataset = module + ".access";
            this.forwardedFor = SchemaFields.declare(dataset + ".x_forwarded_for", FieldType.KEYWORD);
            this.extra = SchemaFields.declare(dataset + ".extra", FieldType.KEYWORD);
            this.ident = SchemaFields.declare(dataset + ".ident", FieldType.KEYWORD);
        }
    }

    private AccessLine() {}

    /** Declares this class's schema fields now (parsers call it when loaded, before payloads can intern names). */
    public static void declareFields() {
        // class initialisation declares the fields
    }

    /** Cheap structural check: 3 or 4 space-separated tokens, then {@code [time] "}. */
    public static boolean looksLike(String s) {
        int bracket = s.indexOf(" [");
        if (bracket <= 0 || bracket > 400) {
            return false;
        }
        int close = s.indexOf("] \"", bracket);
        if (close < 0 || close - bracket > 40) {
            return false;
        }
        int spaces = 0;
        for (int i = 0; i < bracket; i++) {
            if (s.charAt(i) == ' ') {
                spaces++;
            }
        }
        return spaces == 2 || spaces == 3;
    }

    /**
     * Parses {@code s} into {@code event}; answers null or the reason the line is not an access log line.
     *
     * @param vendor the vendor if known from the context, else null (vhost lines are Apache, others nginx)
     */
    public static @Nullable String parse(String s, @Nullable Vendor vendor, Event event) {
        int n = s.length();
        int[] starts = new int[4];
        int[] ends = new int[4];
        int count = 0;
        int i = 0;
        while (true) {
            if (i >= n) {
                return "access_log: no [time] field";
            }
            if (s.charAt(i) == '[' && count >= 3) {
                break;
            }
            int end = s.indexOf(' ', i);
            if (end < 0) {
                return "access_log: no [time] field";
            }
            if (count == 4) {
                return "access_log: expected 3 or 4 fields before [time], found more";
            }
            if (end == i) {
                return "access_log: empty field at column " + (i + 1);
            }
            starts[count] = i;
            ends[count] = end;
            count++;
            i = end + 1;
        }
        boolean vhost = count == 4;
        Vendor v = vendor != null ? vendor : vhost ? Vendor.APACHE : Vendor.NGINX;
        int close = s.indexOf(']', i);
        if (close < 0) {
            return "access_log: unterminated [time] field";
        }
        long millis = time(s, i + 1, close);
        if (millis == Literals.NO_TIME) {
            return "access_log: time '" + s.substring(i + 1, Math.min(close, i + 41))
                    + "' is not dd/MMM/yyyy:HH:mm:ss +zzzz";
        }
        if (close + 2 >= n || s.charAt(close + 1) != ' ' || s.charAt(close + 2) != '"') {
            return "access_log: no quoted request after [time]";
        }
        int requestStart = close + 3;
        int requestEnd = closingQuote(s, requestStart);
        if (requestEnd < 0) {
            return "access_log: unterminated quoted request";
        }
        i = requestEnd + 2;
        int statusEnd = i < n ? tokenEnd(s, i) : i;
        if (statusEnd == i) {
            return "access_log: no status code after the request";
        }
        long status = -1;
        if (!(statusEnd == i + 1 && s.charAt(i) == '-')) {
            status = Literals.parseLong(s, i, statusEnd);
            if (statusEnd - i != 3 || status < 100) {
                return "access_log: status '" + s.substring(i, Math.min(statusEnd, i + 20))
                        + "' is not a 3-digit HTTP status";
            }
        }
        int statusStart = i;
        i = statusEnd + 1;
        String bytes = null;
        if (i < n) {
            int bytesEnd = tokenEnd(s, i);
            if (!(bytesEnd == i + 1 && s.charAt(i) == '-')) {
                if (Literals.parseLong(s, i, bytesEnd) < 0) {
                    return "access_log: body size '" + s.substring(i, Math.min(bytesEnd, i + 20))
                            + "' is not a number";
                }
                bytes = s.substring(i, bytesEnd);
            }
            i = bytesEnd + 1;
        }

        // Everything is valid from here: fill the event.
        event.timestamp(millis);
        if (vhost) {
            server(s, starts[0], ends[0], event);
        }
        int client = vhost ? 1 : 0;
        String address = s.substring(starts[client], ends[client]);
        if (!address.equals("-")) {
            event.put(Fields.SOURCE_ADDRESS, address);
            if (Text.isIp(address)) {
                event.put(Fields.SOURCE_IP, address);
                event.add(Fields.RELATED_IP, address);
            } else {
                event.put(Fields.SOURCE_DOMAIN, address);
            }
        }
        if (ends[client + 1] - starts[client + 1] != 1 || s.charAt(starts[client + 1]) != '-') {
            event.put(v.ident, s.substring(starts[client + 1], ends[client + 1]));
        }
        if (ends[client + 2] - starts[client + 2] != 1 || s.charAt(starts[client + 2]) != '-') {
            String user = s.substring(starts[client + 2], ends[client + 2]);
            event.put(Fields.USER_NAME, user);
            event.add(Fields.RELATED_USER, user);
        }
        boolean wellFormed = request(unescape(s, requestStart, requestEnd), event);
        if (status >= 0) {
            event.put(Fields.HTTP_RESPONSE_STATUS_CODE, s.substring(statusStart, statusEnd));
        }
        if (bytes != null) {
            event.put(Fields.HTTP_RESPONSE_BODY_BYTES, bytes);
        }
        i = optionalQuoted(s, i, event, Fields.HTTP_REQUEST_REFERRER);
        i = optionalQuoted(s, i, event, Fields.USER_AGENT_ORIGINAL);
        extras(s, i, v, event);

        event.put(Fields.EVENT_KIND, "event");
        event.put(Fields.EVENT_CATEGORY, "web");
        event.put(Fields.EVENT_TYPE, "access");
        event.put(Fields.EVENT_MODULE, v.module);
        event.put(Fields.EVENT_DATASET, v.dataset);
        String outcome = !wellFormed || status < 0 ? "unknown" : status < 400 ? "success" : "failure";
        event.put(Fields.EVENT_OUTCOME, outcome);
        return null;
    }

    /** {@code %v:%p}: the server name and port the request was addressed to. */
    private static void server(String s, int from, int to, Event event) {
        int colon = s.lastIndexOf(':', to - 1);
        int nameEnd = to;
        boolean bracketed = s.charAt(from) == '[';
        if (colon > from && colon < to - 1 && (!bracketed || s.charAt(colon - 1) == ']')) {
            long port = Literals.parseLong(s, colon + 1, to);
            if (port >= 0 && port <= 65535) {
                event.put(Fields.DESTINATION_PORT, s.substring(colon + 1, to));
                nameEnd = colon;
            }
        }
        int nameStart = from;
        if (s.charAt(from) == '[' && nameEnd > from + 1 && s.charAt(nameEnd - 1) == ']') {
            nameStart++;
            nameEnd--;
        }
        if (nameEnd > nameStart) {
            event.put(Fields.URL_DOMAIN, s.substring(nameStart, nameEnd));
            event.put(Fields.DESTINATION_DOMAIN, s.substring(nameStart, nameEnd));
        }
    }

    /** Splits {@code METHOD target HTTP/x}; answers whether the request line had that shape. */
    private static boolean request(String request, Event event) {
        if (request.isEmpty() || request.equals("-")) {
            return false;
        }
        int first = request.indexOf(' ');
        int last = request.lastIndexOf(' ');
        boolean methodOk = first > 0 && first <= 24 && isMethod(request, first);
        if (!methodOk) {
            event.put(Fields.URL_ORIGINAL, request);
            return false;
        }
        String target;
        if (last > first) {
            if (!request.startsWith("HTTP/", last + 1) || last + 6 >= request.length()) {
                event.put(Fields.URL_ORIGINAL, request);
                return false;
            }
            target = request.substring(first + 1, last);
            event.put(Fields.HTTP_VERSION, request.substring(last + 6));
        } else {
            target = request.substring(first + 1);
        }
        if (target.isEmpty()) {
            event.put(Fields.URL_ORIGINAL, request);
            return false;
        }
        event.put(Fields.HTTP_REQUEST_METHOD, request.substring(0, first));
        event.put(Fields.URL_ORIGINAL, target);
        SuricataLayout.urlParts(event, target);
        return true;
    }

    private static boolean isMethod(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if ((c < 'A' || c > 'Z') && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** If a quoted field starts at {@code i}, stores it (unless {@code -}) and answers the index after it. */
    private static int optionalQuoted(String s, int i, Event event, Field field) {
        if (i >= s.length() || s.charAt(i) != '"') {
            return i;
        }
        int end = closingQuote(s, i + 1);
        if (end < 0) {
            return s.length();
        }
        String value = unescape(s, i + 1, end);
        if (!value.isEmpty() && !value.equals("-")) {
            event.put(field, value);
        }
        return end + 2;
    }

    /** Trailing fields: a quoted list of IP addresses is X-Forwarded-For; anything else is kept as extra. */
    private static void extras(String s, int i, Vendor v, Event event) {
        int n = s.length();
        while (i < n) {
            if (s.charAt(i) == ' ') {
                i++;
                continue;
            }
            int end;
            String value;
            if (s.charAt(i) == '"') {
                end = closingQuote(s, i + 1);
                if (end < 0) {
                    end = n;
                }
                value = unescape(s, i + 1, end);
                end++;
            } else {
                end = tokenEnd(s, i);
                value = s.substring(i, end);
            }
            if (!value.isEmpty() && !value.equals("-")) {
                if (isAddressList(value)) {
                    event.put(v.forwardedFor, value);
                    addAddresses(value, event);
                } else {
                    event.add(v.extra, value);
                }
            }
            i = end + 1;
        }
    }

    private static boolean isAddressList(String value) {
        int from = 0;
        int n = value.length();
        while (from < n) {
            int comma = value.indexOf(',', from);
            int end = comma < 0 ? n : comma;
            int a = from;
            int b = end;
            while (a < b && value.charAt(a) == ' ') {
                a++;
            }
            if (!Text.isIp(value, a, b)) {
                return false;
            }
            from = end + 1;
        }
        return true;
    }

    private static void addAddresses(String value, Event event) {
        int from = 0;
        int n = value.length();
        while (from < n) {
            int comma = value.indexOf(',', from);
            int end = comma < 0 ? n : comma;
            int a = from;
            while (a < end && value.charAt(a) == ' ') {
                a++;
            }
            event.add(Fields.RELATED_IP, value.substring(a, end));
            from = end + 1;
        }
    }

    /** Index of the quote closing a field opened before {@code from}: a {@code "} followed by space or end. */
    static int closingQuote(String s, int from) {
        int n = s.length();
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                i += 2;
                continue;
            }
            if (c == '"' && (i + 1 == n || s.charAt(i + 1) == ' ')) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static int tokenEnd(String s, int from) {
        int end = s.indexOf(' ', from);
        return end < 0 ? s.length() : end;
    }

    /** {@code s[from, to)} with {@code \"} and {@code \\} unescaped (other escapes such as {@code \x16} kept). */
    static String unescape(String s, int from, int to) {
        int backslash = s.indexOf('\\', from);
        if (backslash < 0 || backslash >= to) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                out.append(s.charAt(i + 1));
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Parses {@code 10/Oct/2000:13:55:36 -0700} in {@code s[from, to)}; answers epoch millis or NO_TIME. */
    static long time(String s, int from, int to) {
        if (to - from != 26 || s.charAt(from + 2) != '/' || s.charAt(from + 6) != '/' || s.charAt(from + 11) != ':'
                || s.charAt(from + 14) != ':' || s.charAt(from + 17) != ':' || s.charAt(from + 20) != ' ') {
            return Literals.NO_TIME;
        }
        int day = Literals.digits(s, from, 2);
        int month = -1;
        for (int m = 0; m < 12; m++) {
            if (s.regionMatches(from + 3, MONTHS, m * 3, 3)) {
                month = m + 1;
                break;
            }
        }
        int year = Literals.digits(s, from + 7, 4);
        int hour = Literals.digits(s, from + 12, 2);
        int minute = Literals.digits(s, from + 15, 2);
        int second = Literals.digits(s, from + 18, 2);
        char sign = s.charAt(from + 21);
        int offsetHours = Literals.digits(s, from + 22, 2);
        int offsetMinutes = Literals.digits(s, from + 24, 2);
        if (month < 0 || year < 0 || day < 1 || day > Literals.daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60 || (sign != '+' && sign != '-')
                || offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
            return Literals.NO_TIME;
        }
        long offset = (offsetHours * 3600L + offsetMinutes * 60L) * (sign == '-' ? -1 : 1);
        long seconds = Literals.epochDay(year, month, day) * 86_400 + hour * 3600L + minute * 60L
                + Math.min(second, 59) - offset;
        return seconds * 1000;
    }
}
