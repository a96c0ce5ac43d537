package org.medsoc.parse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsoc.parse.LinuxAuthPayloadParser;
import org.medsoc.parse.ParseContext;
import org.medsoc.parse.json.Samples;
import org.medsoc.parse.json.Samples.Case;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;

class LinuxAuthPayloadParserTest {
    private final LinuxAuthPayloadParser parser = new LinuxAuthPayloadParser();

    static List<Case> cases() {
        return Samples.cases("samples/linux/cases.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalisesAuthLine(Case c) {
        ParseContext context = c.app() == null ? Samples.UTC : Samples.withApp(c.app());
        assertThat(parser.detects(c.line(), context)).as("detects %s", c.name()).isTrue();
        Event event = Samples.event(c.line());
        String reason = parser.parse(c.line(), context, event);
        if (c.reason() != null) {
            assertThat(reason).contains(c.reason());
        } else {
            assertThat(reason).as("reason for %s", c.name()).isNull();
        }
        Samples.assertExpected(event, c.expectations(), c.name());
    }

    @Test
    void hasEnoughCases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void doesNotDetectOtherProgramsOrFormats() {
        assertThat(parser.detects("GET / HTTP/1.1", Samples.withApp("nginx"))).isFalse();
        assertThat(parser.detects("{\"a\":1}", Samples.UTC)).isFalse();
        assertThat(parser.detects("CEF:0|x|y|1|2|n|3|", Samples.UTC)).isFalse();
        assertThat(parser.detects("kernel: eth0 link up", Samples.withApp("kernel"))).isFalse();
    }

    @Test
    void rejectsOnlyEmptyMessages() {
        assertThat(parser.parse("", Samples.withApp("sshd"), Samples.event(""))).isEqualTo("linux_auth: empty message");
        assertThat(parser.parse(" \r\n", Samples.withApp("sshd"), Samples.event(""))).isEqualTo("linux_auth: empty message");
    }

    @Test
    void keepsSyslogFieldsAlreadySet() {
        Event event = Samples.event("x");
        event.put(Fields.LOG_SYSLOG_HOSTNAME, "bastion");
        event.timestamp(42L);
        assertThat(parser.parse("Accepted password for a from 10.0.0.1 port 22 ssh2", Samples.withApp("sshd"), event))
                .isNull();
        assertThat(event.value(Fields.LOG_SYSLOG_HOSTNAME)).isEqualTo("bastion");
        assertThat(event.timestamp()).isEqualTo(42L);
    }

    @Test
    void survivesMutatedAndRandomLines() {
        List<String> seeds = cases().stream().map(Case::line).toList();
        List<ParseContext> contexts = List.of(
                Samples.UTC, Samples.withApp("sshd"), Samples.withApp("sudo"), Samples.withApp("su"),
                Samples.withApp("useradd"), Samples.withApp("usermod"), Samples.withApp("CRON"),
                Samples.withApp("login"), Samples.withApp("systemd-logind"), Samples.withApp("passwd"));
        int parsed = org.medsoc.parse.json.MutationFuzzer.run(parser, seeds, contexts, 0x5EED_0002L, 50_000);
        assertThat(parsed).isGreaterThan(40_000);
    }
}
