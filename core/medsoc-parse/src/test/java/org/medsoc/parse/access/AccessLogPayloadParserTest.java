package org.medsoc.parse.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsoc.parse.AccessLogPayloadParser;
import org.medsoc.parse.ParseContext;
import org.medsoc.parse.json.MutationFuzzer;
import org.medsoc.parse.json.Samples;
import org.medsoc.parse.json.Samples.Case;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;

class AccessLogPayloadParserTest {
    private final AccessLogPayloadParser parser = new AccessLogPayloadParser();

    static List<Case> cases() {
        return Samples.cases("samples/access/cases.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalisesAccessLine(Case c) {
        ParseContext context = c.app() == null ? Samples.UTC : Samples.withApp(c.app());
        assertThat(parser.detects(c.line(), context)).as("detects %s", c.name()).isTrue();
        Event event = Samples.event(c.line());
        assertThat(parser.parse(c.line(), context, event)).as("reason for %s", c.name()).isNull();
        Samples.assertExpected(event, c.expectations(), c.name());
    }

    @Test
    void toleratesTrailingLineBreak() {
        String line = "192.0.2.8 - - [29/Feb/2024:23:59:59 -0100] \"GET / HTTP/1.1\" 500 1\r\n";
        Event event = Samples.event(line);
        assertThat(parser.parse(line, Samples.UTC, event)).isNull();
        assertThat(event.value(Fields.HTTP_RESPONSE_BODY_BYTES)).isEqualTo("1");
    }

    @Test
    void takesVendorFromProfile() {
        String line = "192.0.2.7 ident1 - [05/Mar/2024:10:11:27 +0000] \"GET / HTTP/1.1\" 200 1";
        Event event = Samples.event(line);
        ParseContext context = new ParseContext(ZoneOffset.UTC, 0L, null, "Apache", "HTTP Server");
        assertThat(parser.parse(line, context, event)).isNull();
        assertThat(event.value(Fields.EVENT_MODULE)).isEqualTo("apache");
        assertThat(event.value(Fields.find("apache.access.ident").orElseThrow())).isEqualTo("ident1");
    }

    @Test
    void doesNotDetectOtherFormats() {
        assertThat(parser.detects("{\"a\":\"[x] \\\"\"}", Samples.UTC)).isFalse();
        assertThat(parser.detects("Accepted password for a from 10.0.0.1 port 22 ssh2", Samples.UTC)).isFalse();
        assertThat(parser.detects("a b c d e [05/Mar/2024:10:11:27 +0000] \"GET /\"", Samples.UTC)).isFalse();
        assertThat(parser.detects("", Samples.UTC)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock = """
            ''|access_log: empty line
            1.2.3.4 - -|access_log: no [time] field
            1.2.3.4 - - [05/Mar/2024:10:11:27 +0000|access_log: unterminated [time] field
            1.2.3.4 - - [05/Mar/2024:10:11:27] "GET / HTTP/1.1" 200 1|access_log: time '05/Mar/2024:10:11:27' is not dd/MMM/yyyy:HH:mm:ss +zzzz
            1.2.3.4 - - [32/Mar/2024:10:11:27 +0000] "GET / HTTP/1.1" 200 1|access_log: time '32/Mar/2024:10:11:27 +0000' is not dd/MMM/yyyy:HH:mm:ss +zzzz
            1.2.3.4 - - [05/Foo/2024:10:11:27 +0000] "GET / HTTP/1.1" 200 1|access_log: time '05/Foo/2024:10:11:27 +0000' is not dd/MMM/yyyy:HH:mm:ss +zzzz
            1.2.3.4 - - [05/Mar/2024:24:11:27 +0000] "GET / HTTP/1.1" 200 1|access_log: time '05/Mar/2024:24:11:27 +0000' is not dd/MMM/yyyy:HH:mm:ss +zzzz
            1.2.3.4 - - [05/Mar/2024:10:11:27 +0000] GET / 200 1|access_log: no quoted request after [time]
            1.2.3.4 - - [05/Mar/2024:10:11:27 +0000] "GET / HTTP/1.1 200 1|access_log: unterminated quoted request
            1.2.3.4 - - [05/Mar/2024:10:11:27 +0000] "GET / HTTP/1.1"|access_log: no status code after the request
            1.2.3.4 - - [05/Mar/2024:10:11:27 +0000] "GET / HTTP/1.1" OK 1|access_log: status 'OK' is not a 3-digit HTTP status
            1.2.3.4 - - [05/Mar/2024:10:11:27 +0000] "GET / HTTP/1.1" 2000 1|access_log: status '2000' is not a 3-digit HTTP status
            1.2.3.4 - - [05/Mar/2024:10:11:27 +0000] "GET / HTTP/1.1" 200 12kB|access_log: body size '12kB' is not a number
            a b c d e [05/Mar/2024:10:11:27 +0000] "GET / HTTP/1.1" 200 1|access_log: expected 3 or 4 fields before [time], found more
            1.2.3.4  - - [05/Mar/2024:10:11:27 +0000] "GET / HTTP/1.1" 200 1|access_log: empty field at column 9
            """)
    void rejectsMalformedLine(String line, String reason) {
        assertThat(parser.parse(line, Samples.UTC, Samples.event(line))).isEqualTo(reason);
    }

    @Test
    void survivesMutatedAndRandomLines() {
        List<String> seeds = cases().stream().map(Case::line).toList();
        List<ParseContext> contexts = List.of(Samples.UTC, Samples.withApp("nginx"), Samples.withApp("httpd"));
        int parsed = MutationFuzzer.run(parser, seeds, contexts, 0x5EED_0003L, 50_000);
        assertThat(parsed).isGreaterThan(5_000);
    }
}
