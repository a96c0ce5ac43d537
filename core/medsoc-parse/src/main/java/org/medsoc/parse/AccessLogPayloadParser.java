package org.medsoc.parse;

import org.jspecify.annotations.Nullable;
import org.medsoc.parse.access.AccessLine;
import org.medsoc.spi.event.Event;

/**
 * Web server access logs in the NCSA family: Apache {@code common}, {@code combined} and {@code vhost_combined}
 * ({@code %v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"}) and nginx {@code combined}, tolerating
 * trailing fields (request time, upstream time, X-Forwarded-For), IPv6 clients, {@code -} values, escaped quotes
 * and malformed request lines.
 *
 * <p>Fields: {@code source.ip}/{@code source.domain}/{@code source.address}, {@code user.name}, the event time from
 * {@code [10/Oct/2000:13:55:36 -0700]}, {@code http.request.method}, {@code url.original}/{@code path}/{@code query},
 * {@code http.version}, {@code http.response.status_code}, {@code http.response.body.bytes},
 * {@code http.request.referrer}, {@code user_agent.original}, {@code url.domain}/{@code destination.port} from the
 * virtual host; {@code event.category: web}, {@code event.outcome} success below status 400, failure from 400, and
 * unknown when the request line is malformed. Originals not covered by ECS go under {@code nginx.access.*} or
 * {@code apache.access.*}: the vendor comes from the syslog APP-NAME or the source profile, else vhost lines are
 * Apache and others nginx.
 */
public final class AccessLogPayloadParser implements PayloadParser {
    static {
        AccessLine.declareFields();
    }

    /** Creates the parser; it is stateless and thread-safe. */
    public AccessLogPayloadParser() {}

    @Override
    public String name() {
        return "access_log";
    }

    /** Cheap structural check: 3 or 4 tokens, then {@code [time] "} within the first few hundred characters. */
    @Override
    public boolean detects(String payload, ParseContext context) {
        return AccessLine.looksLike(payload);
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        int end = payload.length();
        while (end > 0 && (payload.charAt(end - 1) == '\n' || payload.charAt(end - 1) == '\r')) {
            end--;
        }
        String line = end == payload.length() ? payload : payload.substring(0, end);
        if (line.isEmpty()) {
            return "access_log: empty line";
        }
        return AccessLine.parse(line, vendor(context), event);
    }

    private static AccessLine.@Nullable Vendor vendor(ParseContext context) {
        AccessLine.Vendor v = vendor(context.appName());
        if (v == null) {
            v = vendor(context.product());
        }
        return v != null ? v : vendor(context.vendor());
    }

    private static AccessLine.@Nullable Vendor vendor(@Nullable String name) {
        if (name == null) {
            return null;
        }
        if (containsIgnoreCase(name, "nginx")) {
            return AccessLine.Vendor.NGINX;
        }
        if (containsIgnoreCase(name, "apache") || containsIgnoreCase(name, "httpd")) {
            return AccessLine.Vendor.APACHE;
        }
        return null;
    }

    private static boolean containsIgnoreCase(String s, String part) {
        for (int i = 0; i + part.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }
}
