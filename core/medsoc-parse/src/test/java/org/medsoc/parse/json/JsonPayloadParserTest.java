package org.medsoc.parse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.parse.json.Samples.UTC;
import static org.medsoc.parse.json.Samples.event;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.medsoc.parse.JsonPayloadParser;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;

class JsonPayloadParserTest {
    private final JsonPayloadParser parser = new JsonPayloadParser();

    static Stream<String> samples() throws IOException, URISyntaxException {
        Path dir = Path.of(Samples.class.getResource("/samples/json").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void normalisesSample(String sample) {
        String payload = Samples.read("samples/json/" + sample + ".json");
        assertThat(parser.detects(payload, UTC)).isTrue();
        Event event = event(payload);
        assertThat(parser.parse(payload, UTC, event)).as("reason for %s", sample).isNull();
        Samples.assertExpected(event, Samples.lines("samples/json/" + sample + ".expected"), sample);
    }

    @Test
    void hasEnoughSamples() throws IOException, URISyntaxException {
        assertThat(samples().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void detectsObjectsOnly() {
        assertThat(parser.detects("{\"a\":1}", UTC)).isTrue();
        assertThat(parser.detects(" \t\r\n{", UTC)).isTrue();
        assertThat(parser.detects("\uFEFF{\"a\":1}", UTC)).isTrue();
        assertThat(parser.detects("[1,2]", UTC)).isFalse();
        assertThat(parser.detects("CEF:0|a|b|c|d|e|f|", UTC)).isFalse();
        assertThat(parser.detects("", UTC)).isFalse();
        assertThat(parser.detects("   ", UTC)).isFalse();
    }

    @Test
    void parsesPayloadWithByteOrderMarkAndTrailingNewline() {
        String payload = "\uFEFF{\"user\":{\"name\":\"bob\"}}\r\n";
        Event event = event(payload);
        assertThat(parser.parse(payload, UTC, event)).isNull();
        assertThat(event.value(Fields.USER_NAME)).isEqualTo("bob");
    }

    @Test
    void keepsPreviouslySetTimestampWhenPayloadHasNone() {
        Event event = new Event(org.medsoc.spi.event.TenantId.DEFAULT, 12345L, "{\"a\":\"b\"}");
        assertThat(parser.parse("{\"a\":\"b\"}", UTC, event)).isNull();
        assertThat(event.timestamp()).isEqualTo(12345L);
    }

    @Test
    void keepsTimeKeyThatIsNotAnInstantAsField() {
        String payload = "{\"time\":\"12:00\",\"a\":1}";
        Event event = event(payload);
        assertThat(parser.parse(payload, UTC, event)).isNull();
        assertThat(event.values(Fields.find("time").orElseThrow())).containsExactly("12:00");
        assertThat(event.timestamp()).isZero();
    }

    @Test
    void dropsKeysThatAreNotValidFieldNames() {
        String payload = "{\"bad key\":\"x\",\"ok\":\"y\",\"\":\"z\",\"a..b\":\"w\"}";
        Event event = event(payload);
        assertThat(parser.parse(payload, UTC, event)).isNull();
        assertThat(event.size()).isEqualTo(1);
        assertThat(event.fieldAt(0).name()).isEqualTo("ok");
    }

    @Test
    void parsesEpochMillisAndSecondsWithFraction() {
        Event millis = event("");
        assertThat(parser.parse("{\"@timestamp\":1709251200123}", UTC, millis)).isNull();
        assertThat(millis.timestamp()).isEqualTo(1709251200123L);
        Event seconds = event("");
        assertThat(parser.parse("{\"@timestamp\":\"1709251200.5\"}", UTC, seconds)).isNull();
        assertThat(seconds.timestamp()).isEqualTo(1709251200500L);
    }

    @Test
    void rejectsInvalidJson() {
        assertThat(reason("{\"a\": tru}")).startsWith("json: invalid JSON: ").contains("line 1");
        assertThat(reason("{'a': 1}")).startsWith("json: invalid JSON: ");
        assertThat(reason("{\"a\" 1}")).startsWith("json: invalid JSON: ");
    }

    @Test
    void rejectsTruncatedJson() {
        assertThat(reason("{\"a\": {\"b\": [1, 2"))
                .isEqualTo("json: truncated: input ended inside an object or array at line 1 column 18");
        assertThat(reason("{\"a\": \"unterminated")).startsWith("json: truncated: input ended inside a string");
        assertThat(reason("{")).startsWith("json: truncated: input ended inside an object or array");
    }

    @Test
    void rejectsNonObjectJson() {
        assertThat(reason("[1,2,3]")).isEqualTo("json: payload is an array, expected an object starting with '{'");
        assertThat(reason("\"text\"")).isEqualTo("json: payload is a string, expected an object starting with '{'");
        assertThat(reason("42")).isEqualTo("json: payload is a number, expected an object starting with '{'");
        assertThat(reason("")).isEqualTo("json: payload is empty");
        assertThat(reason("{}")).isEqualTo("json: object has no values");
    }

    @Test
    void rejectsTrailingContent() {
        assertThat(reason("{\"a\":1}{\"b\":2}")).startsWith("json: trailing content (an object) after the object at line 1");
        assertThat(reason("{\"a\":1} x")).startsWith("json: invalid JSON: ");
    }

    @Test
    void rejectsNestingDeeperThanLimit() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertThat(reason(deep)).startsWith("json: nesting deeper than 32 levels at line 1");
        String arrays = "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertThat(reason(arrays)).startsWith("json: nesting deeper than 32 levels");
        String justInside = "{\"a\":".repeat(31) + "{\"b\":1}" + "}".repeat(31);
        Event event = event(justInside);
        assertThat(parser.parse(justInside, UTC, event)).isNull();
        assertThat(event.size()).isEqualTo(1);
    }

    @Test
    void rejectsMoreValuesThanLimit() {
        StringBuilder huge = new StringBuilder("{\"a\":[");
        for (int i = 0; i < 10_000; i++) {
            huge.append(i == 0 ? "" : ",").append(i);
        }
        huge.append("]}");
        assertThat(reason(huge.toString())).startsWith("json: more than 512 values (the per-event limit)");
        StringBuilder atLimit = new StringBuilder("{\"a\":[");
        for (int i = 0; i < 512; i++) {
            atLimit.append(i == 0 ? "" : ",").append(i);
        }
        atLimit.append("]}");
        Event event = event("");
        assertThat(parser.parse(atLimit.toString(), UTC, event)).isNull();
        assertThat(event.values(Fields.find("a").orElseThrow())).hasSize(512);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"source\":{\"port\":\"https\"}}|json: field source.port expects an integer, got 'https'",
                "{\"source.ip\":\"10.0.0.300\"}|json: field source.ip expects an IP address, got '10.0.0.300'",
                "{\"destination\":{\"ip\":true}}|json: field destination.ip expects an IP address, got 'true'",
                "{\"event\":{\"severity\":1.5}}|json: field event.severity expects an integer, got '1.5'",
                "{\"event.created\":\"yesterday\"}|json: field event.created expects an ISO-8601 instant or epoch"
                        + " number, got 'yesterday'"
            })
    void rejectsValuesOfWrongType(String spec) {
        int bar = spec.indexOf('|');
        assertThat(reason(spec.substring(0, bar))).isEqualTo(spec.substring(bar + 1));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"@timestamp\":\"2024-13-01T00:00:00Z\"}",
                "{\"@timestamp\":\"2024-02-30T00:00:00Z\"}",
                "{\"@timestamp\":\"2024-02-01T25:00:00Z\"}",
                "{\"@timestamp\":\"2024-02-01T10:00:00+2500\"}",
                "{\"@timestamp\":\"not a date\"}",
                "{\"@timestamp\":\"2024-02-01T10:00:00Zjunk\"}",
                "{\"@timestamp\":-5}"
            })
    void rejectsBadTimestamps(String payload) {
        assertThat(reason(payload)).startsWith("json: @timestamp '").endsWith("' is not an ISO-8601 instant or epoch number");
    }

    @Test
    void rejectsEvtxRecordWithBadSystemTime() {
        String payload = "{\"Event\":{\"System\":{\"EventID\":1,\"TimeCreated\":{\"#attributes\":{\"SystemTime\":"
                + "\"2024-99-01\"}},\"Channel\":\"Security\"}}}";
        assertThat(reason(payload)).isEqualTo("windows: TimeCreated SystemTime '2024-99-01' is not an ISO-8601 instant");
    }

    @Test
    void rejectsEvtxRecordWithoutEventIdOrTime() {
        assertThat(reason("{\"Event\":{\"System\":{\"Channel\":\"Security\",\"TimeCreated\":{\"#attributes\":"
                        + "{\"SystemTime\":\"2024-01-01T00:00:00Z\"}}}}}"))
                .isEqualTo("windows: evtx record has no Event.System.EventID");
        assertThat(reason("{\"Event\":{\"System\":{\"EventID\":4624}}}"))
                .isEqualTo("windows: evtx record has no Event.System.TimeCreated SystemTime");
        assertThat(reason("{\"Event\":{\"System\":{\"EventID\":\"x\"}}}"))
                .isEqualTo("windows: EventID 'x' is not a number");
    }

    @Test
    void rejectsSuricataRecordWithBadAddressOrPort() {
        assertThat(reason("{\"event_type\":\"alert\",\"src_ip\":\"999.1.1.1\"}"))
                .isEqualTo("suricata: src_ip '999.1.1.1' is not an IP address");
        assertThat(reason("{\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"src_port\":\"x\"}"))
                .isEqualTo("suricata: src_port 'x' is not an integer");
        assertThat(reason("{\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"timestamp\":\"soon\"}"))
                .isEqualTo("suricata: timestamp 'soon' is not ISO-8601");
    }

    @Test
    void treatsObjectWithEventTypeButNoFlowKeysAsGeneric() {
        String payload = "{\"event_type\":\"login\",\"user\":{\"name\":\"x\"}}";
        Event event = event(payload);
        assertThat(parser.parse(payload, UTC, event)).isNull();
        assertThat(event.has(Fields.OBSERVER_PRODUCT)).isFalse();
        assertThat(event.value(Fields.find("event_type").orElseThrow())).isEqualTo("login");
    }

    private String reason(String payload) {
        String reason = parser.parse(payload, UTC, event(payload));
        assertThat(reason).as("reason for %s", payload).isNotNull().isNotEmpty();
        return reason;
    }
}
