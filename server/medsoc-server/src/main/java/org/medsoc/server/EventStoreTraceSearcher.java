package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medsoc.federation.TraceAnswer;
import org.medsoc.federation.TraceSearcher;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.SearchResult;
import org.medsoc.spi.store.SortOrder;

/**
 * Answers the hub's trace queries from the node's event store: counts the tenant's events in [from, to) holding
 * the indicator as the exact value of a field (address fields for an IP address or network, keyword fields
 * otherwise) or as a phrase of the message, and reads the first and last of them. Only the count and the two times
 * leave the node. Bounded: at most {@value #MAX_FIELDS} fields are searched, and three store queries are made.
 */
final class EventStoreTraceSearcher implements TraceSearcher {
    /** The most fields one trace query names. */
    static final int MAX_FIELDS = 400;
    private static final int MAX_INDICATOR = 1000;

    private final EventStore store;

    EventStoreTraceSearcher(EventStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public TraceAnswer search(TenantId tenant, String indicator, Instant from, Instant to) {
        String value = indicator.strip();
        if (value.isEmpty() || value.length() > MAX_INDICATOR) {
            throw new MedsocException(StandardErrorCode.INVALID_QUERY, "a trace indicator must be 1 to "
                    + MAX_INDICATOR + " characters");
        }
        String query = query(value);
        long lo = from.toEpochMilli();
        long hi = Math.max(lo, to.toEpochMilli());
        SearchResult newest = store.search(tenant, new EventQuery(Dataset.EVENTS, query, lo, hi,
                SortOrder.NEWEST_FIRST, 0, 1));
        if (newest.total() == 0 || newest.events().isEmpty()) {
            return new TraceAnswer(0, Optional.empty(), Optional.empty());
        }
        SearchResult oldest = store.search(tenant, new EventQuery(Dataset.EVENTS, query, lo, hi,
                new SortOrder("@timestamp", false), 0, 1));
        Instant last = Instant.ofEpochMilli(newest.events().getFirst().timestamp());
        Instant first = oldest.events().isEmpty() ? last : Instant.ofEpochMilli(oldest.events().getFirst().timestamp());
        return new TraceAnswer(newest.total(), Optional.of(first), Optional.of(last));
    }

    /** The query string: the value as an exact term of every field of its kind, or as a message phrase. */
    static String query(String value) {
        boolean address = looksLikeAddress(value);
        String quoted = quote(value);
        List<String> clauses = new ArrayList<>();
        clauses.add("message:" + quoted);
        int size = Fields.size();
        for (int id = 0; id < size && clauses.size() <= MAX_FIELDS; id++) {
            Field f;
            try {
                f = Fields.byId(id);
            } catch (RuntimeException e) {
                continue;
            }
            if (f.name().startsWith("medsoc.") || f.name().equals("@timestamp")) {
                continue;
            }
            if (address ? f.type() == FieldType.IP : f.type() == FieldType.KEYWORD) {
                clauses.add(escapeName(f.name()) + ":" + quoted);
            }
        }
        return String.join(" OR ", clauses);
    }

    private static boolean looksLikeAddress(String v) {
        boolean digitsAndDots = !v.isEmpty();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '/')) {
                digitsAndDots = false;
                break;
            }
        }
        if (digitsAndDots && v.indexOf('.') > 0) {
            return true;
        }
        if (v.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String v) {
        StringBuilder b = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    private static String escapeName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ("+-&|!(){}[]^\"~*?:\\/ ".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
