package org.medsoc.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.parse.Messages.dead;
import static org.medsoc.parse.Messages.field;
import static org.medsoc.parse.Messages.raw;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.parse.internal.Text;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.RawMessage;

class LogParserTest {
    @Test
    void tagsEveryParsedEvent() {
        Event e = Messages.parsedText("<13>May  1 10:11:12 host app: hello\r\n\0");
        assertThat(e.tenant()).isEqualTo(Messages.TENANT);
        assertThat(e.original()).isEqualTo("<13>May  1 10:11:12 host app: hello");
        assertThat(e.id()).isNull();
        assertThat(field(e, "event.kind")).isEqualTo("event");
        assertThat(field(e, "event.ingested")).isEqualTo(Long.toString(Messages.RECEIVED));
        assertThat(field(e, "medsoc.receiver")).isEqualTo("syslog-udp:514");
        assertThat(field(e, "medsoc.peer")).isEqualTo("10.0.0.1");
        assertThat(field(e, "medsoc.parser")).isEqualTo("rfc3164");
        assertThat(field(e, "message")).isEqualTo("hello");
    }

    @Test
    void keepsHeaderlessTextAsPlainMessageWithReceiptTime() {
        Event e = Messages.parsedText("backup finished on nas01");
        assertThat(field(e, "medsoc.parser")).isEqualTo("plain");
        assertThat(field(e, "message")).isEqualTo("backup finished on nas01");
        assertThat(e.timestamp()).isEqualTo(Messages.RECEIVED);
    }

    @Test
    void decodesGbkAndMarksEncoding() {
        byte[] gbk = "<13>May  1 10:11:12 his01 app: 挂号系统登录失败".getBytes(Charset.forName("GBK"));
        Event e = Messages.parsed(Messages.PARSER, raw(gbk));
        assertThat(field(e, "message")).isEqualTo("挂号系统登录失败");
        assertThat(field(e, "medsoc.original_encoding")).isEqualTo("GB18030");
    }

    @Test
    void decodesUtf8WithoutMarkingEncoding() {
        Event e = Messages.parsedText("患者信息查询");
        assertThat(field(e, "message")).isEqualTo("患者信息查询");
        assertThat(field(e, "medsoc.original_encoding")).isNull();
    }

    @Test
    void deadLettersBytesThatAreNeitherUtf8NorGb18030() {
        byte[] bad = {'a', 'b', (byte) 0x81, (byte) 0x20, 'c'}; // 0x81 0x20 is not a GB18030 sequence
        var d = dead(raw(bad));
        assertThat(d.reason()).isEqualTo("payload is neither valid UTF-8 nor valid GB18030 text");
        assertThat(field(d.event(), "medsoc.original_encoding")).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(d.event().original())).isEqualTo(bad);
        assertDeadLetterShape(d);
    }

    @Test
    void deadLettersBinaryPayloads() {
        byte[] bin = {'a', 0, 'b', 1, 2, 3};
        var d = dead(raw(bin));
        assertThat(d.reason()).isEqualTo("binary payload: NUL byte at offset 1");
        assertThat(Base64.getDecoder().decode(d.event().original())).isEqualTo(bin);
        byte[] controls = {1, 2, 3, 4, 'a', 'b', 'c', 'd', 'e', 'f'};
        assertThat(dead(raw(controls)).reason()).isEqualTo("binary payload: 4 control bytes in 10");
    }

    @Test
    void deadLettersEmptyMessages() {
        var d = dead(raw("\r\n\0"));
        assertThat(d.reason()).isEqualTo("empty message");
        assertThat(d.event().original()).isEmpty();
        assertDeadLetterShape(d);
    }

    @Test
    void deadLettersTruncatedMessagesKeepingWhatArrived() {
        RawMessage m = new RawMessage(Messages.TENANT, "syslog-tcp:601", "10.0.0.2", Messages.RECEIVED,
                "<13>May  1 10:11:12 host app: cut he".getBytes(StandardCharsets.UTF_8), true);
        var d = dead(m);
        assertThat(d.reason()).isEqualTo("message truncated at 36 bytes by receiver syslog-tcp:601 (limit 65536 bytes)");
        assertThat(d.event().original()).isEqualTo("<13>May  1 10:11:12 host app: cut he");
        assertThat(field(d.event(), "medsoc.receiver")).isEqualTo("syslog-tcp:601");
    }

    @Test
    void deadLettersOversizedMessagesKeepingTheLimit() {
        LogParser small = LogParser.create(List.of(), Messages.SHANGHAI, 10);
        byte[] text = "患者患者患者患者".getBytes(StandardCharsets.UTF_8); // 24 bytes, cut inside a character
        var o = small.parse(raw(text));
        assertThat(o).isInstanceOf(ParseOutcome.DeadLettered.class);
        assertThat(((ParseOutcome.DeadLettered) o).reason())
                .isEqualTo("message truncated at 10 bytes (limit 10 bytes, 24 bytes received)");
        assertThat(o.event().original()).isEqualTo("患者患");
    }

    @Test
    void deadLetterCarriesProfileAndTimestampOfReceipt() {
        SourceProfile p = new SourceProfile("fw", List.of(), List.of(), Format.CEF, null, null,
                java.util.Optional.empty(), "HIS");
        LogParser parser = LogParser.create(List.of(p), Messages.SHANGHAI, 4096);
        var o = parser.parse(raw("<13>1 2024-05-01T00:00:00Z h a - - - not cef"));
        assertThat(o).isInstanceOf(ParseOutcome.DeadLettered.class);
        Event e = o.event();
        assertThat(e.timestamp()).isEqualTo(Messages.RECEIVED);
        assertThat(field(e, "medsoc.profile")).isEqualTo("fw");
        assertThat(field(e, "medsoc.business_system")).isEqualTo("HIS");
        assertThat(field(e, "medsoc.parser")).isEqualTo("rfc5424+cef");
        assertThat(e.original()).isEqualTo("<13>1 2024-05-01T00:00:00Z h a - - - not cef");
        assertDeadLetterShape((ParseOutcome.DeadLettered) o);
    }

    @Test
    void boundsFieldsOfHugeMessages() {
        StringBuilder sb = new StringBuilder("CEF:0|V|P|1|2|n|3|");
        for (int i = 0; i < 5_000; i++) {
            sb.append("k").append(i % 700).append("=v").append(i).append(' ');
        }
        LogParser parser = LogParser.create(List.of(), Messages.SHANGHAI, 1 << 20);
        Event e = Messages.parsed(parser, raw(sb.toString()));
        assertThat(e.size()).isLessThanOrEqualTo(Text.MAX_FIELDS_PER_EVENT + 8);
        assertThat(e.original()).hasSize(sb.length());

        StringBuilder kv = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            kv.append("key").append(i % 900).append("=").append(i).append(' ');
        }
        Event k = Messages.parsed(parser, raw(kv.toString()));
        assertThat(k.size()).isLessThanOrEqualTo(Text.MAX_FIELDS_PER_EVENT + 8);
    }

    @Test
    void neverThrowsOnMalformedInput() {
        String[] inputs = {"<", "<1", "<13>", "<13>1", "<13>1 ", "<13>1 -", "<13>1 - - - - -", "<13>1 - - - - - [",
            "<13>1 - - - - - [a", "<13>1 - - - - - [a b", "<13>1 - - - - - [a b=\"", "CEF:", "CEF:0|", "LEEF:",
            "LEEF:2.0|a|b|c|d|", "%%01", "%%01A/9/B(l):", "%%01A/1/B(l):x=", "日志类型:", "a=", "=", "\"",
            "Jan", "Jan  5", "Jan  5 12:00:00", "Feb 30 12:00:00 host app: x", "<13>Feb 30 12:00:00 host x"};
        for (String in : inputs) {
            ParseOutcome o = Messages.PARSER.parse(raw(in));
            assertThat(o.event().tenant()).isEqualTo(Messages.TENANT);
            assertThat(o.event().original()).isNotNull();
        }
    }

    private static void assertDeadLetterShape(ParseOutcome.DeadLettered d) {
        Event e = d.event();
        assertThat(e.tenant()).isEqualTo(Messages.TENANT);
        assertThat(e.timestamp()).isEqualTo(Messages.RECEIVED);
        assertThat(field(e, "event.kind")).isEqualTo("pipeline_error");
        assertThat(field(e, "error.type")).isEqualTo("parse");
        assertThat(field(e, "error.message")).isEqualTo(d.reason());
        assertThat(field(e, "event.ingested")).isEqualTo(Long.toString(Messages.RECEIVED));
        assertThat(field(e, "medsoc.receiver")).isNotNull();
    }
}
