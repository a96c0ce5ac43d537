package org.medsoc.parse.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.medsoc.parse.JsonPayloadParser;
import org.medsoc.parse.ParseContext;

class JsonPayloadParserFuzzTest {
    @Test
    void survivesMutatedAndRandomPayloads() throws IOException, URISyntaxException {
        Path dir = Path.of(Samples.class.getResource("/samples/json").toURI());
        List<String> seeds;
        try (Stream<Path> files = Files.list(dir)) {
            seeds = files.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .map(p -> {
                        try {
                            return Files.readString(p).strip();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
        List<ParseContext> contexts = List.of(
                Samples.UTC, new ParseContext(ZoneId.of("Asia/Shanghai"), 0L, "winlogbeat", null, null));
        int registryBefore = org.medsoc.spi.event.Fields.size();
        int parsed = MutationFuzzer.run(new JsonPayloadParser(), seeds, contexts, 0x5EED_0001L, 50_000);
        // Mutations keep many payloads valid: the fuzzer must reach the layouts, not only the JSON reader.
        assertThat(parsed).isGreaterThan(2_000);
        // Random keys must not use up the field registry: dynamic names stop at the limit.
        assertThat(org.medsoc.spi.event.Fields.size())
                .isLessThanOrEqualTo(Math.max(registryBefore, SchemaFields.DYNAMIC_LIMIT) + 200);
    }
}
