package org.medsoc.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.parse.Messages.dead;
import static org.medsoc.parse.Messages.field;
import static org.medsoc.parse.Messages.fields;
import static org.medsoc.parse.Messages.millis;
import static org.medsoc.parse.Messages.parsed;
import static org.medsoc.parse.Messages.parsedText;
import static org.medsoc.parse.Messages.raw;

import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.Event;

class SyslogHeaderTest {
    @Test
    void readsRfc5424HeaderAndStripsBom() {
        Event e = parsed("syslog/rfc5424-su.log");
        assertThat(field(e, "log.syslog.priority")).isEqualTo("34");
        assertThat(field(e, "log.syslog.facility.code")).isEqualTo("4");
        assertThat(field(e, "log.syslog.severity.code")).isEqualTo("2");
        assertThat(field(e, "log.syslog.version")).isEqualTo("1");
        assertThat(field(e, "host.name")).isEqualTo("mymachine.example.com");
        assertThat(field(e, "log.syslog.appname")).isEqualTo("su");
        assertThat(field(e, "log.syslog.procid")).isNull();
        assertThat(field(e, "log.syslog.msgid")).isEqualTo("ID47");
        assertThat(field(e, "message")).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
        assertThat(e.timestamp()).isEqualTo(millis("2003-10-11T22:14:15.003Z"));
        assertThat(field(e, "medsoc.parser")).startsWith("rfc5424"); // su lines may be read by the Linux auth parser
    }

    @Test
    void readsRfc5424OffsetAndMicroseconds() {
        Event e = parsed("syslog/rfc5424-offset.log");
        assertThat(e.timestamp()).isEqualTo(millis("2003-08-24T12:14:15Z"));
        assertThat(field(e, "host.name")).isEqualTo("192.0.2.1");
        assertThat(field(e, "log.syslog.procid")).isEqualTo("8710");
        assertThat(field(e, "process.pid")).isEqualTo("8710");
        assertThat(field(e, "log.syslog.msgid")).isNull();
        assertThat(field(e, "message")).isEqualTo("%% It's time to make the do-nuts.");
    }

    @Test
    void readsStructuredData() {
        Event e = parsed("syslog/rfc5424-sd.log");
        assertThat(field(e, "log.syslog.structured_data.exampleSDID@32473.iut")).isEqualTo("3");
        assertThat(field(e, "log.syslog.structured_data.exampleSDID@32473.eventSource")).isEqualTo("Application");
        assertThat(field(e, "log.syslog.structured_data.exampleSDID@32473.eventID")).isEqualTo("1011");
        assertThat(field(e, "message")).isEqualTo("An application event log entry...");

        Event two = parsed("syslog/rfc5424-sd-no-msg.log");
        assertThat(field(two, "log.syslog.structured_data.examplePriority@32473.class")).isEqualTo("high");
        assertThat(field(two, "message")).isNull();
    }

    @Test
    void unescapesStructuredDataValues() {
        Event e = parsed("syslog/rfc5424-escapes.log");
        assertThat(field(e, "log.syslog.structured_data.meta@32473.note"))
                .isEqualTo("quote \" backslash \\ bracket ]");
        assertThat(field(e, "message")).isEqualTo("login ok");
        assertThat(e.timestamp()).isEqualTo(millis("2024-05-01T02:11:12.123Z"));
    }

    @Test
    void readsRfc3164WithYearNearestToReceipt() {
        Event e = parsed("syslog/rfc3164-sshd.log");
        assertThat(field(e, "host.name")).isEqualTo("web01");
        assertThat(field(e, "log.syslog.appname")).isEqualTo("sshd");
        assertThat(field(e, "log.syslog.procid")).isEqualTo("1234");
        assertThat(field(e, "log.syslog.facility.code")).isEqualTo("10");
        // received 2024-05-01: "Jan 5" is 2024-01-05 in Asia/Shanghai
        assertThat(e.timestamp()).isEqualTo(millis("2024-01-05T04:00:01Z"));
        assertThat(field(e, "medsoc.parser")).startsWith("rfc3164");
    }

    @Test
    void infersPreviousYearAcrossNewYear() {
        long received = millis("2025-01-01T00:00:30Z");
        var m = new org.medsoc.spi.event.RawMessage(Messages.TENANT, "r", "", received,
                "<13>Dec 31 23:59:59 host app: late\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Event e = Messages.parsed(LogParser.create(java.util.List.of(), java.time.ZoneOffset.UTC, 1024), m);
        assertThat(e.timestamp()).isEqualTo(millis("2024-12-31T23:59:59Z"));
    }

    @Test
    void readsTagWithoutHostname() {
        Event e = parsed("syslog/rfc3164-no-host.log");
        assertThat(field(e, "host.name")).isNull();
        assertThat(field(e, "log.syslog.appname")).isEqualTo("su");
        assertThat(field(e, "message")).isEqualTo("'su root' failed for lonvick");
    }

    @Test
    void readsRfc3164ExampleWithHostnameAndTag() {
        Event e = parsed("syslog/rfc3164-su.log");
        assertThat(field(e, "host.name")).isEqualTo("mymachine");
        assertThat(field(e, "log.syslog.appname")).isEqualTo("su");
        assertThat(field(e, "message")).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
    }

    @Test
    void keepsMessageWhenThereIsNoTag() {
        Event e = parsed("syslog/rfc3164-no-tag.log");
        assertThat(field(e, "host.name")).isEqualTo("10.0.0.99");
        assertThat(field(e, "log.syslog.appname")).isNull();
        assertThat(field(e, "message")).isEqualTo("Use the BFG!");
        assertThat(field(e, "medsoc.parser")).isEqualTo("rfc3164");
    }

    @Test
    void readsAuthLogLineWithoutPri() {
        Event e = parsed("syslog/authlog-no-pri.log");
        assertThat(field(e, "log.syslog.priority")).isNull();
        assertThat(field(e, "host.name")).isEqualTo("web01");
        assertThat(field(e, "log.syslog.appname")).isEqualTo("sshd");
        assertThat(field(e, "process.pid")).isEqualTo("1234");
        assertThat(e.timestamp()).isEqualTo(millis("2024-01-05T04:00:01Z"));
    }

    @Test
    void readsIsoTimestampInBsdHeader() {
        Event e = parsed("syslog/rfc3164-iso.log");
        assertThat(e.timestamp()).isEqualTo(millis("2024-05-01T02:11:12.500Z"));
        assertThat(field(e, "host.name")).isEqualTo("pacs01");
        assertThat(field(e, "log.syslog.appname")).isEqualTo("dcmqrscp");
        assertThat(field(e, "message")).isEqualTo("association from 10.20.0.4 accepted");
    }

    @Test
    void readsTimestampWithYear() {
        Event e = parsed("syslog/rfc3164-year-huawei.log");
        assertThat(e.timestamp()).isEqualTo(millis("2024-05-01T02:11:12Z"));
        assertThat(field(e, "host.name")).isEqualTo("USG6000E");
        assertThat(field(e, "medsoc.parser")).isEqualTo("rfc3164+kv");
    }

    @Test
    void deadLettersInvalidPri() {
        assertThat(dead(raw("<999>Oct 11 22:14:15 host app: x")).reason()).contains("invalid syslog PRI '<999>'");
        assertThat(dead(raw("<abc>Oct 11 22:14:15 host app: x")).reason()).contains("invalid syslog PRI '<abc>'");
        assertThat(dead(raw("<>hello")).reason()).contains("invalid syslog PRI '<>'");
    }

    @Test
    void deadLettersInvalidRfc5424Timestamp() {
        var d = dead(raw("<13>1 2024-13-45T99:00:00Z host app - - - msg"));
        assertThat(d.reason()).isEqualTo("invalid RFC 5424 TIMESTAMP '2024-13-45T99:00:00Z'");
        assertThat(field(d.event(), "medsoc.parser")).isEqualTo("rfc5424");
    }

    @Test
    void deadLettersTruncatedRfc5424Header() {
        assertThat(dead(raw("<13>1 2024-05-01T00:00:00Z host")).reason()).contains("ends before APP-NAME");
        assertThat(dead(raw("<13>1 - host app 1 ID [bad")).reason()).contains("STRUCTURED-DATA");
        assertThat(dead(raw("<13>1 - host app 1 ID [id a=\"unterminated]")).reason()).contains("PARAM-VALUE");
    }

    @Test
    void treatsPriFollowedByPayloadAsHeaderWithoutTimestamp() {
        Event e = parsedText("<13>hello there");
        assertThat(field(e, "log.syslog.priority")).isEqualTo("13");
        assertThat(field(e, "message")).isEqualTo("hello there");
        assertThat(e.timestamp()).isEqualTo(Messages.RECEIVED);
    }

    @Test
    void leavesTextThatMerelyStartsWithADateAlone() {
        Event e = parsedText("2024-05-01 10:00:00 something happened");
        assertThat(field(e, "medsoc.parser")).isEqualTo("plain");
        assertThat(field(e, "message")).isEqualTo("2024-05-01 10:00:00 something happened");
        assertThat(fields(e, "host.name")).isEmpty();
    }
}
