package org.medsoc.parse.json;

import org.medsoc.parse.internal.Text;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.ParseContext;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * Suricata EVE JSON (alert, dns, http, tls, flow, fileinfo, anomaly, ssh...). Addresses, ports and protocol map to
 * ECS; the alert's signature to {@code rule.*} and its severity to {@code event.severity}; HTTP, DNS, TLS, flow and
 * file details to their ECS fields. Every other value is kept under {@code suricata.eve.<path>}, as Elastic's
 * Suricata module does.
 */
public final class SuricataLayout {
    private static final String PREFIX = "suricata.eve.";
    private static final Field TLS_SERVER_NAME = declare("tls.client.server_name");
    private static final Field TLS_VERSION = declare("tls.version");
    private static final Field TLS_VERSION_PROTOCOL = declare("tls.version_protocol");
    private static final Field TLS_JA3 = declare("tls.client.ja3");
    private static final Field TLS_JA3S = declare("tls.server.ja3s");
    private static final Field TLS_SUBJECT = declare("tls.server.subject");
    private static final Field TLS_ISSUER = declare("tls.server.issuer");
    private static final Field FILE_SIZE = SchemaFields.declare("file.size", FieldType.LONG);
    private static final Field INGRESS_INTERFACE = declare("observer.ingress.interface.name");
    private static final Field EVENT_START = SchemaFields.declare("event.start", FieldType.DATE);

    private SuricataLayout() {}

    /** Declares this class's schema fields now (parsers call it when loaded, before payloads can intern names). */
    public static void declareFields() {
        // class initialisation declares the fields
    }

    private static Field declare(String name) {
        return SchemaFields.declare(name, FieldType.KEYWORD);
    }

    /** Whether the flattened document is an EVE record: top-level {@code event_type} plus a flow key. */
    public static boolean matches(FlatJson flat) {
        boolean eventType = false;
        boolean flowKey = false;
        for (int i = 0; i < flat.size(); i++) {
            switch (flat.path(i)) {
                case "event_type" -> eventType = true;
                case "src_ip", "dest_ip", "flow_id" -> flowKey = true;
                default -> {}
            }
        }
        return eventType && flowKey;
    }

    /** Maps {@code flat} to {@code event}; answers null or the reason the record is invalid. */
    public static @Nullable String apply(FlatJson flat, ParseContext context, Event event) {
        String eventType = "";
        String alertAction = null;
        for (int i = 0; i < flat.size(); i++) {
            String path = flat.path(i);
            String value = flat.value(i);
            String reason = null;
            boolean keep = true;
            switch (path) {
                case "timestamp" -> {
                    long millis = Literals.parseInstant(value, context.zone());
                    if (millis == Literals.NO_TIME) {
                        return "suricata: timestamp '" + GenericLayout.abbreviate(value) + "' is not ISO-8601";
                    }
                    event.timestamp(millis);
                    keep = false;
                }
                case "event_type" -> eventType = value;
                case "src_ip" -> {
                    reason = ip(event, Fields.SOURCE_IP, path, value);
                    keep = false;
                }
                case "dest_ip" -> {
                    reason = ip(event, Fields.DESTINATION_IP, path, value);
                    keep = false;
                }
                case "src_port" -> {
                    reason = integer(event, Fields.SOURCE_PORT, path, value);
                    keep = false;
                }
                case "dest_port" -> {
                    reason = integer(event, Fields.DESTINATION_PORT, path, value);
                    keep = false;
                }
                case "proto" -> {
                    event.put(Fields.NETWORK_TRANSPORT, transport(value));
                    keep = false;
                }
                case "app_proto" -> {
                    if (!value.equals("failed") && !value.equals("unknown")) {
                        event.put(Fields.NETWORK_PROTOCOL, lowerAscii(value));
                    }
                }
                case "community_id" -> {
                    event.put(Fields.NETWORK_COMMUNITY_ID, value);
                    keep = false;
                }
                case "host" -> event.put(Fields.OBSERVER_HOSTNAME, value);
                case "in_iface" -> event.put(INGRESS_INTERFACE, value);
                case "alert.signature_id" -> event.put(Fields.RULE_ID, value);
                case "alert.signature" -> event.put(Fields.RULE_NAME, value);
                case "alert.category" -> event.put(Fields.RULE_CATEGORY, value);
                case "alert.severity" -> reason = integer(event, Fields.EVENT_SEVERITY, path, value);
                case "alert.action" -> alertAction = value;
                case "http.hostname" -> event.put(Fields.URL_DOMAIN, value);
                case "http.url" -> {
                    event.put(Fields.URL_ORIGINAL, value);
                    urlParts(event, value);
                }
                case "http.http_method" -> event.put(Fields.HTTP_REQUEST_METHOD, value);
                case "http.status" -> reason = integer(event, Fields.HTTP_RESPONSE_STATUS_CODE, path, value);
                case "http.http_user_agent" -> event.put(Fields.USER_AGENT_ORIGINAL, value);
                case "http.http_refer" -> event.put(Fields.HTTP_REQUEST_REFERRER, value);
                case "http.protocol" -> event.put(
                        Fields.HTTP_VERSION, value.startsWith("HTTP/") ? value.substring(5) : value);
                case "http.length" -> reason = integer(event, Fields.HTTP_RESPONSE_BODY_BYTES, path, value);
                case "dns.rrname", "dns.queries.rrname" -> {
                    if (!event.has(Fields.DNS_QUESTION_NAME)) {
                        event.put(Fields.DNS_QUESTION_NAME, value);
                    }
                }
                case "dns.rrtype", "dns.queries.rrtype" -> {
                    if (!event.has(Fields.DNS_QUESTION_TYPE)) {
                        event.put(Fields.DNS_QUESTION_TYPE, value);
                    }
                }
                case "dns.rcode" -> event.put(Fields.DNS_RESPONSE_CODE, value);
                case "tls.sni" -> event.put(TLS_SERVER_NAME, value);
                case "tls.version" -> {
                    if (value.startsWith("TLS ") || value.startsWith("SSL ")) {
                        event.put(TLS_VERSION_PROTOCOL, lowerAscii(value.substring(0, 3)));
                        event.put(TLS_VERSION, value.substring(4));
                    }
                }
                case "tls.ja3.hash" -> event.put(TLS_JA3, value);
                case "tls.ja3s.hash" -> event.put(TLS_JA3S, value);
                case "tls.subject" -> event.put(TLS_SUBJECT, value);
                case "tls.issuerdn" -> event.put(TLS_ISSUER, value);
                case "flow.bytes_toserver" -> reason = integer(event, Fields.SOURCE_BYTES, path, value);
                case "flow.bytes_toclient" -> reason = integer(event, Fields.DESTINATION_BYTES, path, value);
                case "flow.pkts_toserver" -> reason = integer(event, Fields.SOURCE_PACKETS, path, value);
                case "flow.pkts_toclient" -> reason = integer(event, Fields.DESTINATION_PACKETS, path, value);
                case "flow.start" -> {
                    long millis = Literals.parseInstant(value, context.zone());
                    if (millis != Literals.NO_TIME) {
                        event.put(EVENT_START, Long.toString(millis));
                    }
                }
                case "fileinfo.filename" -> {
                    event.put(Fields.FILE_PATH, value);
                    event.put(Fields.FILE_NAME, WindowsEvents.baseName(value));
                }
                case "fileinfo.sha256" -> event.put(Fields.FILE_HASH_SHA256, value);
                case "fileinfo.size" -> reason = integer(event, FILE_SIZE, path, value);
                default -> {}
            }
            if (reason != null) {
                return reason;
            }
            if (keep) {
                Field original = SchemaFields.dynamic(PREFIX + path);
                if (original != null) {
                    event.add(original, value);
                }
            }
        }
        if (eventType.isEmpty()) {
            return "suricata: event_type is empty";
        }
        classify(event, eventType, alertAction);
        return null;
    }

    private static void classify(Event event, String eventType, @Nullable String alertAction) {
        event.put(Fields.EVENT_MODULE, "suricata");
        event.put(Fields.EVENT_DATASET, "suricata.eve");
        event.put(Fields.OBSERVER_VENDOR, "OISF");
        event.put(Fields.OBSERVER_PRODUCT, "Suricata");
        event.put(Fields.OBSERVER_TYPE, "ids");
        boolean alert = eventType.equals("alert");
        event.put(Fields.EVENT_KIND, alert ? "alert" : "event");
        event.add(Fields.EVENT_CATEGORY, "network");
        switch (eventType) {
            case "alert" -> {
                event.add(Fields.EVENT_CATEGORY, "intrusion_detection");
                if (alertAction != null) {
                    boolean blocked = alertAction.equals("blocked") || alertAction.equals("drop");
                    event.add(Fields.EVENT_TYPE, blocked ? "denied" : "allowed");
                }
            }
            case "http" -> {
                event.add(Fields.EVENT_CATEGORY, "web");
                event.add(Fields.EVENT_TYPE, "protocol");
            }
            case "fileinfo" -> {
                event.add(Fields.EVENT_CATEGORY, "file");
                event.add(Fields.EVENT_TYPE, "info");
            }
            case "flow", "netflow" -> event.add(Fields.EVENT_TYPE, "connection");
            case "drop" -> event.add(Fields.EVENT_TYPE, "denied");
            case "anomaly", "stats" -> event.add(Fields.EVENT_TYPE, "info");
            default -> event.add(Fields.EVENT_TYPE, "protocol");
        }
        String status = event.value(Fields.HTTP_RESPONSE_STATUS_CODE);
        if (status != null) {
            long code = Literals.parseLong(status, 0, status.length());
            event.put(Fields.EVENT_OUTCOME, code < 400 ? "success" : "failure");
        }
        String sourceIp = event.value(Fields.SOURCE_IP);
        if (sourceIp != null) {
            event.add(Fields.RELATED_IP, sourceIp);
        }
        String destinationIp = event.value(Fields.DESTINATION_IP);
        if (destinationIp != null && !destinationIp.equals(sourceIp)) {
            event.add(Fields.RELATED_IP, destinationIp);
        }
    }

    private static @Nullable String ip(Event event, Field field, String path, String value) {
        if (!Text.isIp(value)) {
            return "suricata: " + path + " '" + GenericLayout.abbreviate(value) + "' is not an IP address";
        }
        event.put(field, value);
        return null;
    }

    private static @Nullable String integer(Event event, Field field, String path, String value) {
        if (!Literals.isLong(value)) {
            return "suricata: " + path + " '" + GenericLayout.abbreviate(value) + "' is not an integer";
        }
        event.put(field, value);
        return null;
    }

    /** Sets url.path and url.query from a request target such as {@code /a/b?x=1#f}. */
    public static void urlParts(Event event, String url) {
        int start = 0;
        int scheme = url.indexOf("://");
        if (scheme > 0 && scheme < 10) {
            int slash = url.indexOf('/', scheme + 3);
            if (slash < 0) {
                return;
            }
            start = slash;
        }
        int hash = url.indexOf('#', start);
        int end = hash < 0 ? url.length() : hash;
        int question = url.indexOf('?', start);
        if (question >= 0 && question < end) {
            if (question > start) {
                event.put(Fields.URL_PATH, url.substring(start, question));
            }
            if (question + 1 < end) {
                event.put(Fields.URL_QUERY, url.substring(question + 1, end));
            }
        } else if (end > start) {
            event.put(Fields.URL_PATH, url.substring(start, end));
        }
    }

    static String transport(String proto) {
        return switch (proto) {
            case "6", "006" -> "tcp";
            case "17", "017" -> "udp";
            case "1", "001" -> "icmp";
            case "58", "058" -> "ipv6-icmp";
            default -> lowerAscii(proto);
        };
    }

    /** ASCII lower case without locale effects (returns {@code s} itself when already lower case). */
    public static String lowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    char d = chars[j];
                    if (d >= 'A' && d <= 'Z') {
                        chars[j] = (char) (d + 32);
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
