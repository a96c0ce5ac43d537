package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.medsoc.identity.Permission;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.HistogramBucket;
import org.medsoc.spi.store.SearchResult;
import org.medsoc.spi.store.SortOrder;
import org.medsoc.spi.store.ValueCount;

/**
 * Search over stored events and dead letters.
 *
 * <ul>
 *   <li>{@code GET /api/v1/events?q=&from=&to=&sort=&offset=&limit=} → {@code {total, offset, limit, events:[...]}}</li>
 *   <li>{@code GET /api/v1/events/histogram?q=&from=&to=&interval=1h} → {@code {interval, buckets:[{time, count}]}}</li>
 *   <li>{@code GET /api/v1/events/top?field=source.ip&size=10&q=&from=&to=} → {@code {field, values:[{value, count}]}}</li>
 *   <li>the same three under {@code /api/v1/deadletters}</li>
 * </ul>
 * {@code sort} is {@code field} or {@code field:asc|desc} (default {@code @timestamp:desc}); {@code limit} defaults to
 * 50 (max 10,000).
 */
public final class EventsResource implements HttpService {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_TOP_SIZE = 1000;

    private final EventStore store;
    private final TenantResolver tenants;
    private final Dataset dataset;
    private final LongSupplier clock;

    public EventsResource(EventStore store, TenantResolver tenants, Dataset dataset, LongSupplier clock) {
        this.store = requireNonNull(store, "store is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Alerts need ALERTS_READ; events and dead letters (raw logs, may hold patient data) EVENTS_READ. */
    private Permission permission() {
        return dataset == Dataset.ALERTS ? Permission.ALERTS_READ : Permission.EVENTS_READ;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::search).get("/histogram", this::histogram).get("/top", this::top);
    }

    private void search(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = Access.tenant(req, tenants, permission());
        RequestParameters p = new RequestParameters(req.query(), clock);
        EventQuery query = query(p, p.integer("offset", 0, 0, 100_000), p.integer("limit", DEFAULT_LIMIT, 0, EventQuery.MAX_LIMIT));
        SearchResult result = store.search(tenant, query);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("total", result.total());
            g.writeNumberField("offset", query.offset());
            g.writeNumberField("limit", query.limit());
            g.writeArrayFieldStart("events");
            for (Event e : result.events()) {
                Json.writeEvent(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        sendJson(res, out.toByteArray());
    }

    private void histogram(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = Access.tenant(req, tenants, permission());
        RequestParameters p = new RequestParameters(req.query(), clock);
        Duration interval = p.duration("interval", Duration.ofHours(1));
        List<HistogramBucket> buckets = store.histogram(tenant, query(p, 0, 0), interval);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("interval", interval.toString());
            long total = 0;
            g.writeArrayFieldStart("buckets");
            for (HistogramBucket b : buckets) {
                g.writeStartObject();
                g.writeStringField("time", Instant.ofEpochMilli(b.startMillis()).toString());
                g.writeNumberField("count", b.count());
                g.writeEndObject();
                total += b.count();
            }
            g.writeEndArray();
            g.writeNumberField("total", total);
            g.writeEndObject();
        }
        sendJson(res, out.toByteArray());
    }

    private void top(ServerRequest req, ServerResponse res) throws IOException {
        TenantId tenant = Access.tenant(req, tenants, permission());
        RequestParameters p = new RequestParameters(req.query(), clock);
        String field = p.required("field");
        int size = p.integer("size", 10, 1, MAX_TOP_SIZE);
        List<ValueCount> values = store.topValues(tenant, query(p, 0, 0), field, size);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("field", field);
            g.writeArrayFieldStart("values");
            for (ValueCount v : values) {
                g.writeStartObject();
                g.writeStringField("value", v.value());
                g.writeNumberField("count", v.count());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        sendJson(res, out.toByteArray());
    }

    private EventQuery query(RequestParameters p, int offset, int limit) {
        long from = p.time("from", Long.MIN_VALUE);
        long to = p.time("to", Long.MAX_VALUE);
        if (from > to) {
            throw new MedsocException(
                    ApiErrorCode.INVALID_PARAMETER,
                    "time range is inverted: 'from' (" + p.string("from", "") + ") is after 'to' (" + p.string("to", "")
                            + ")");
        }
        return new EventQuery(dataset, p.string("q", ""), from, to, sort(p.string("sort", "")), offset, limit);
    }

    static SortOrder sort(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return SortOrder.NEWEST_FIRST;
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return new SortOrder(s, false);
        }
        String field = s.substring(0, colon);
        String dir = s.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (field.isEmpty() || !(dir.equals("asc") || dir.equals("desc"))) {
            throw RequestParameters.invalid("sort", text, "field or field:asc or field:desc, e.g. @timestamp:desc");
        }
        return new SortOrder(field, dir.equals("desc"));
    }

    static void sendJson(ServerResponse res, byte[] body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }
}
