package org.medsoc.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.parse.Messages.dead;
import static org.medsoc.parse.Messages.field;
import static org.medsoc.parse.Messages.millis;
import static org.medsoc.parse.Messages.parsed;
import static org.medsoc.parse.Messages.raw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medsoc.spi.event.Event;

class LeefPayloadParserTest {
    @ParameterizedTest
    @ValueSource(strings = {"leef/leef1-tab.leef", "leef/leef2-caret.leef", "leef/leef2-hex.leef"})
    void parsesDocumentedExamples(String sample) {
        Event e = parsed(sample);
        assertThat(field(e, "medsoc.parser")).isEqualTo("leef");
        assertThat(field(e, "source.ip")).isEqualTo("192.0.2.0");
        assertThat(field(e, "destination.ip")).isEqualTo("172.50.123.1");
        assertThat(field(e, "source.port")).isEqualTo("81");
        assertThat(field(e, "destination.port")).isEqualTo("21");
        assertThat(field(e, "user.name")).isEqualTo("joe.black");
        assertThat(field(e, "event.severity")).isEqualTo("5");
        assertThat(field(e, "leef.cat")).isEqualTo("anomaly");
        assertThat(field(e, "leef.usrName")).isEqualTo("joe.black");
    }

    @Test
    void readsHeader() {
        Event e = parsed("leef/leef1-tab.leef");
        assertThat(field(e, "leef.version")).isEqualTo("1.0");
        assertThat(field(e, "observer.vendor")).isEqualTo("Microsoft");
        assertThat(field(e, "observer.product")).isEqualTo("MSExchange");
        assertThat(field(e, "observer.version")).isEqualTo("4.0 SP1");
        assertThat(field(e, "event.code")).isEqualTo("15345");
    }

    @Test
    void acceptsHexDelimiterWithoutZero() {
        Event e = parsed("leef/leef2-xhex.leef");
        assertThat(field(e, "destination.ip")).isEqualTo("172.50.123.1");
        assertThat(field(e, "source.port")).isEqualTo("81");
    }

    @Test
    void readsDefaultDevTimeAndLoginEvents() {
        Event e = parsed("leef/leef1-devtime.log");
        assertThat(field(e, "medsoc.parser")).isEqualTo("rfc3164+leef");
        assertThat(e.timestamp()).isEqualTo(millis("2024-05-01T02:11:12Z"));
        assertThat(field(e, "network.transport")).isEqualTo("tcp");
        assertThat(field(e, "event.action")).isEqualTo("deny");
        assertThat(field(e, "event.outcome")).isEqualTo("failure");
        assertThat(field(e, "event.category")).isEqualTo("authentication");
        assertThat(field(e, "source.bytes")).isEqualTo("512");
        assertThat(field(e, "user.name")).isEqualTo("dr.wang");
    }

    @Test
    void readsDevTimeWithFormatAndNat() {
        Event e = parsed("leef/leef2-format.leef");
        assertThat(e.timestamp()).isEqualTo(millis("2024-05-01T02:11:12.250Z"));
        assertThat(field(e, "source.nat.ip")).isEqualTo("198.51.100.9");
        assertThat(field(e, "event.severity")).isEqualTo("8");
    }

    @Test
    void deadLettersBadHeaders() {
        assertThat(dead(raw("LEEF:1.0|V|P")).reason()).startsWith("LEEF header has 3 of 5");
        assertThat(dead(raw("LEEF:3.0|V|P|1|2|a=b")).reason()).contains("unsupported LEEF version '3.0'");
        assertThat(dead(raw("LEEF:2.0|V|P|1|2|0xZZ|a=b")).reason()).contains("invalid LEEF 2.0 delimiter '0xZZ'");
    }
}
