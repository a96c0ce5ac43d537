package org.medsoc.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

/** Test inputs: raw messages, sample files and field look-ups by name. */
final class Messages {
    static final TenantId TENANT = TenantId.of("hospital-a");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2024-05-01T10:15:00+08:00. */
    static final long RECEIVED = Instant.parse("2024-05-01T02:15:00Z").toEpochMilli();
    static final LogParser PARSER = LogParser.create(List.of(), SHANGHAI, 64 * 1024);

    private Messages() {}

    static RawMessage raw(String text) {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    static RawMessage raw(byte[] bytes) {
        return new RawMessage(TENANT, "syslog-udp:514", "10.0.0.1", RECEIVED, bytes);
    }

    static byte[] sample(String path) {
        try (InputStream in = Messages.class.getResourceAsStream("/samples/" + path)) {
            assertThat(in).as("sample %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Event parsed(String samplePath) {
        return parsed(PARSER, raw(sample(samplePath)));
    }

    static Event parsed(LogParser parser, RawMessage m) {
        ParseOutcome o = parser.parse(m);
        assertThat(o).as("outcome of %s", m).isInstanceOf(ParseOutcome.Parsed.class);
        return o.event();
    }

    static Event parsedText(String text) {
        return parsed(PARSER, raw(text));
    }

    static ParseOutcome.DeadLettered dead(RawMessage m) {
        ParseOutcome o = PARSER.parse(m);
        assertThat(o).as("outcome").isInstanceOf(ParseOutcome.DeadLettered.class);
        return (ParseOutcome.DeadLettered) o;
    }

    static @Nullable String field(Event e, String name) {
        return Fields.find(name).map(e::value).orElse(null);
    }

    static List<String> fields(Event e, String name) {
        return Fields.find(name).map(e::values).orElse(List.of());
    }

    static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
