package org.medsoc.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.parse.Messages.dead;
import static org.medsoc.parse.Messages.field;
import static org.medsoc.parse.Messages.fields;
import static org.medsoc.parse.Messages.millis;
import static org.medsoc.parse.Messages.parsed;
import static org.medsoc.parse.Messages.raw;

import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.Event;

class CefPayloadParserTest {
    @Test
    void parsesSpecExampleBehindBsdHeader() {
        Event e = parsed("cef/spec-worm.log");
        assertThat(field(e, "medsoc.parser")).isEqualTo("rfc3164+cef");
        assertThat(field(e, "host.name")).isEqualTo("host");
        assertThat(field(e, "observer.vendor")).isEqualTo("Security");
        assertThat(field(e, "observer.product")).isEqualTo("threatmanager");
        assertThat(field(e, "observer.version")).isEqualTo("1.0");
        assertThat(field(e, "rule.id")).isEqualTo("100");
        assertThat(field(e, "rule.name")).isEqualTo("worm successfully stopped");
        assertThat(field(e, "event.severity")).isEqualTo("10");
        assertThat(field(e, "source.ip")).isEqualTo("10.0.0.1");
        assertThat(field(e, "destination.ip")).isEqualTo("2.1.2.2");
        assertThat(field(e, "source.port")).isEqualTo("1232");
        assertThat(field(e, "cef.spt")).isEqualTo("1232");
        assertThat(fields(e, "related.ip")).containsExactly("10.0.0.1", "2.1.2.2");
        assertThat(field(e, "message")).isEqualTo("worm successfully stopped");
    }

    @Test
    void unescapesPipeInHeaderAndKeepsPipeInExtension() {
        Event e = parsed("cef/spec-pipe.cef");
        assertThat(field(e, "cef.name")).isEqualTo("detected a | in message");
        assertThat(field(e, "cef.act")).isEqualTo("blocked a |");
        assertThat(field(e, "destination.ip")).isEqualTo("1.1.1.1");
        assertThat(field(e, "medsoc.parser")).isEqualTo("cef");
    }

    @Test
    void unescapesBackslashes() {
        Event e = parsed("cef/spec-backslash.cef");
        assertThat(field(e, "cef.name")).isEqualTo("detected a \\ in packet");
        assertThat(field(e, "cef.act")).isEqualTo("blocked a \\");
    }

    @Test
    void unescapesEqualsInValues() {
        Event e = parsed("cef/spec-equals.cef");
        assertThat(field(e, "cef.act")).isEqualTo("blocked a =");
        assertThat(field(e, "destination.ip")).isEqualTo("1.1.1.1");
    }

    @Test
    void unescapesNewlinesAndNamedSeverity() {
        Event e = parsed("cef/spec-multiline.cef");
        assertThat(field(e, "message")).isEqualTo("Detected a threat.\n No action needed.");
        assertThat(field(e, "cef.severity")).isEqualTo("High");
        assertThat(field(e, "event.severity")).isEqualTo("8");
        assertThat(field(e, "rule.id")).isEqualTo("machine:20");
    }

    @Test
    void mapsFullTrafficRecord() {
        Event e = parsed("cef/paloalto-traffic.log");
        assertThat(field(e, "medsoc.parser")).isEqualTo("rfc5424+cef");
        assertThat(e.timestamp()).isEqualTo(millis("2024-05-01T02:11:12Z"));
        assertThat(field(e, "observer.hostname")).isEqualTo("pa-edge01");
        assertThat(field(e, "observer.ip")).isEqualTo("10.0.0.1");
        assertThat(field(e, "source.nat.ip")).isEqualTo("198.51.100.2");
        assertThat(field(e, "source.nat.port")).isEqualTo("40001");
        assertThat(field(e, "user.name")).isEqualTo("hospital\\jdoe");
        assertThat(field(e, "user.target.name")).isEqualTo("svc_pacs");
        assertThat(field(e, "network.transport")).isEqualTo("tcp");
        assertThat(field(e, "network.protocol")).isEqualTo("ssl");
        assertThat(field(e, "source.bytes")).isEqualTo("1200");
        assertThat(field(e, "destination.bytes")).isEqualTo("5400");
        assertThat(field(e, "event.action")).isEqualTo("allow");
        assertThat(field(e, "event.outcome")).isEqualTo("success");
        assertThat(field(e, "cef.cs1")).isEqualTo("allow web traffic");
        assertThat(field(e, "cef.cs1Label")).isEqualTo("Rule");
        assertThat(field(e, "cef.label.Rule")).isEqualTo("allow web traffic");
        assertThat(field(e, "cef.label.From_Zone")).isEqualTo("trust");
        assertThat(field(e, "cef.label.Session_ID")).isEqualTo("33411");
        assertThat(field(e, "url.original")).isEqualTo("https://portal.example.org/login?next=/home");
        assertThat(field(e, "http.request.method")).isEqualTo("POST");
        assertThat(field(e, "source.mac")).isEqualTo("00:11:22:33:44:55");
        assertThat(field(e, "file.name")).isEqualTo("report.pdf");
        assertThat(field(e, "file.path")).isEqualTo("/tmp/report.pdf");
        assertThat(field(e, "message")).isEqualTo("session ended normally");
    }

    @Test
    void readsEpochMillisReceiptTimeAndVeryHighSeverity() {
        Event e = parsed("cef/trendmicro-malware.cef");
        assertThat(e.timestamp()).isEqualTo(1714529472123L);
        assertThat(field(e, "event.severity")).isEqualTo("10");
        assertThat(field(e, "file.path")).isEqualTo("C:\\Users\\nurse\\Downloads\\eicar.com");
        assertThat(field(e, "source.domain")).isEqualTo("ws-icu-07");
        assertThat(field(e, "cef.label.Quarantine_File_Size")).isEqualTo("68");
        assertThat(field(e, "event.action")).isEqualTo("quarantine");
    }

    @Test
    void deadLettersIncompleteHeader() {
        var d = dead(raw("CEF:0|Vendor|Product|1.0|100"));
        assertThat(d.reason()).startsWith("CEF header has 5 of 7");
        assertThat(d.event().original()).isEqualTo("CEF:0|Vendor|Product|1.0|100");
    }

    @Test
    void deadLettersBadVersionAndExtension() {
        assertThat(dead(raw("CEF:x|V|P|1|2|n|3|a=b")).reason()).contains("invalid CEF version 'x'");
        assertThat(dead(raw("CEF:0|V|P|1|2|n|3|garbage without pairs")).reason())
                .contains("CEF extension does not start with key=value");
    }

    @Test
    void keepsInvalidAddressesOnlyAsOriginals() {
        Event e = Messages.parsedText("CEF:0|V|P|1|2|n|3|src=not-an-ip spt=abc");
        assertThat(field(e, "source.ip")).isNull();
        assertThat(field(e, "source.port")).isNull();
        assertThat(field(e, "cef.src")).isEqualTo("not-an-ip");
    }
}
