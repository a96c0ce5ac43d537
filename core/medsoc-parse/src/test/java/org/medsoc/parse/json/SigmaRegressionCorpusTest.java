package org.medsoc.parse.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medsoc.parse.JsonPayloadParser;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;

/**
 * Parses every record of the Sigma regression data (evtx_dump JSON, one or more records per file) from the shared
 * directory; the files are read in place and never copied into the repository.
 */
class SigmaRegressionCorpusTest {
    private static final Path CORPUS = Path.of(System.getProperty("medsoc.shared", "../../../shared"), "sigma", "regression");

    @Test
    void parsesEveryRegressionRecord() throws IOException {
        Assumptions.assumeTrue(
                Files.isDirectory(CORPUS),
                "Sigma regression data not found at " + CORPUS + " (set -Dmedsoc.shared=DIR to the shared data folder); skipped");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        JsonPayloadParser parser = new JsonPayloadParser();
        SoftAssertions softly = new SoftAssertions();
        int records = 0;
        for (Path file : files) {
            for (String record : records(Files.readString(file, StandardCharsets.UTF_8))) {
                records++;
                String label = CORPUS.relativize(file) + " #" + records;
                Event event = Samples.event(record);
                softly.assertThat(parser.detects(record, Samples.UTC)).as("detects %s", label).isTrue();
                softly.assertThat(parser.parse(record, Samples.UTC, event)).as("reason for %s", label).isNull();
                softly.assertThat(event.value(Fields.WINLOG_EVENT_ID)).as("event id of %s", label).isNotBlank();
                softly.assertThat(event.value(Fields.WINLOG_CHANNEL)).as("channel of %s", label).isNotBlank();
                softly.assertThat(event.value(Fields.HOST_NAME)).as("host.name of %s", label).isNotBlank();
                softly.assertThat(event.timestamp()).as("time of %s", label).isPositive();
                softly.assertThat(event.value(Fields.EVENT_CATEGORY)).as("category of %s", label).isNotBlank();
                if ("1".equals(event.value(Fields.WINLOG_EVENT_ID))) {
                    softly.assertThat(event.value(Fields.PROCESS_EXECUTABLE)).as("process of %s", label).isNotBlank();
                    softly.assertThat(event.value(Fields.PROCESS_COMMAND_LINE)).as("command of %s", label).isNotBlank();
                }
            }
        }
        softly.assertAll();
        assertThat(records).isGreaterThanOrEqualTo(files.size());
    }

    /** The root-level objects of a file, as text (evtx_dump writes records one after another). */
    static List<String> records(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                assertThat(token).isEqualTo(JsonToken.START_OBJECT);
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getCharOffset();
                out.add(text.substring(start, end));
            }
        }
        return out;
    }
}
