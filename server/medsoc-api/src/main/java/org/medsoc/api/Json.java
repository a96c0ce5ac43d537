package org.medsoc.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * JSON encoding of API answers. An event is one flat object keyed by field name, in the order the fields were set:
 * {@code _id}, {@code @timestamp} (ISO-8601), {@code medsoc.tenant}, then every field (a repeated field becomes an
 * array; numeric fields become numbers when they parse), then {@code event.original}.
 */
public final class Json {
    /** The shared mapper (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()
                    .addSerializer(org.medsoc.spi.event.TenantId.class,
                            new com.fasterxml.jackson.databind.ser.std.ToStringSerializer())
                    .addSerializer(org.medsoc.identity.UserId.class,
                            new com.fasterxml.jackson.databind.ser.std.ToStringSerializer())
                    .addSerializer(org.medsoc.playbook.RunId.class,
                            new com.fasterxml.jackson.databind.ser.std.ToStringSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setDefaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT);

    private Json() {}

    /** Serialises a value with the shared mapper. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one event as a JSON object. */
    public static void writeEvent(JsonGenerator g, Event event) throws IOException {
        g.writeStartObject();
        String id = event.id();
        if (id != null) {
            g.writeStringField("_id", id);
        }
        g.writeStringField("@timestamp", Instant.ofEpochMilli(event.timestamp()).toString());
        g.writeStringField("medsoc.tenant", event.tenant().value());
        int n = event.size();
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (done[i]) {
                continue;
            }
            int fid = event.fieldIdAt(i);
            Field f = Fields.byId(fid);
            if (f == Fields.TIMESTAMP || f == Fields.MEDSOC_TENANT) {
                continue;
            }
            int count = 0;
            for (int j = i; j < n; j++) {
                if (event.fieldIdAt(j) == fid) {
                    count++;
                }
            }
            g.writeFieldName(f.name());
            if (count > 1) {
                g.writeStartArray();
            }
            for (int j = i; j < n; j++) {
                if (event.fieldIdAt(j) == fid) {
                    writeValue(g, f, event.valueAt(j));
                    done[j] = true;
                }
            }
            if (count > 1) {
                g.writeEndArray();
            }
        }
        g.writeStringField("event.original", event.original());
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Field f, String value) throws IOException {
        if (f.type() == FieldType.LONG) {
            try {
                g.writeNumber(Long.parseLong(value));
                return;
            } catch (NumberFormatException e) {
                // fall through: keep the text as received
            }
        }
        if (f.type() == FieldType.DATE) {
            try {
                g.writeString(Instant.ofEpochMilli(Long.parseLong(value)).toString());
                return;
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        g.writeString(value);
    }
}
