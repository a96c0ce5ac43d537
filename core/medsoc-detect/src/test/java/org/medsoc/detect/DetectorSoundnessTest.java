package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medsoc.detect.mapping.LogSourceKey;
import org.medsoc.detect.mapping.LogSourceMatcher;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.parse.LogParser;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

/**
 * The literal prefilter never hides a match: on every event of the Sigma regression corpus, parsed by the ingest
 * path, the detector finds exactly the matches of a naive evaluator that runs every rule.
 */
class DetectorSoundnessTest {
    private static final Path SHARED = Path.of(System.getProperty("medsoc.shared", "../../../shared"));

    @Test
    void findsExactlyWhatTheNaiveEvaluatorFindsOnTheRegressionCorpus() throws IOException {
        Path rulesDir = SHARED.resolve("sigma/rules");
        Path cases = SHARED.resolve("sigma/regression");
        Assumptions.assumeTrue(Files.isDirectory(rulesDir) && Files.isDirectory(cases),
                "Sigma rules or regression data not found under " + SHARED.toAbsolutePath() + "; skipped");
        List<SigmaRule> rules = new ArrayList<>();
        try (Stream<Path> files = Files.walk(rulesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                try {
                    rules.add(SigmaRules.parse(Files.readString(f), f.toString()));
                } catch (MedsocException e) {
                    // refusals are covered by SigmaCorpusTest
                }
            }
        }
        MappingPipeline mappings = MappingPipeline.loadDefaults();
        Detector detector = Detector.create(rules, mappings);
        List<LogSourceMatcher> sources = new ArrayList<>();
        List<CompiledRule> compiled = new ArrayList<>();
        for (SigmaRule r : rules) {
            LogSourceKey key = new LogSourceKey(r.logsource().product(), r.logsource().category(), r.logsource().service());
            var source = mappings.logSource(key);
            if (source.isPresent()) {
                try {
                    compiled.add(SigmaRules.compile(r, mappings.fieldNameMapper(key)));
                    sources.add(source.get());
                } catch (MedsocException e) {
                    // refused by the detector too
                }
            }
        }
        LogParser parser = LogParser.create(List.of(), ZoneId.of("UTC"), 1 << 20);
        EventFieldsView view = new EventFieldsView(new Event(TenantId.DEFAULT, 0, ""));
        int events = 0;
        int matches = 0;
        try (Stream<Path> files = Files.walk(cases)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonEventView ignored : JsonEventView.ofAll(Files.readString(f))) {
                    events++;
                }
                for (String json : splitObjects(Files.readString(f))) {
                    Event event = parser.parse(new RawMessage(TenantId.DEFAULT, "test", "", 0,
                                    json.getBytes(StandardCharsets.UTF_8)))
                            .event();
                    Set<String> indexed = new TreeSet<>();
                    detector.detect(event, view, r -> indexed.add(r.rule().origin()));
                    Set<String> naive = new TreeSet<>();
                    view.reset(event);
                    for (int i = 0; i < compiled.size(); i++) {
                        if (sources.get(i).matches(event) && compiled.get(i).matches(view)) {
                            naive.add(compiled.get(i).rule().origin());
                        }
                    }
                    assertThat(indexed).as("matches of %s", f).isEqualTo(naive);
                    matches += naive.size();
                }
            }
        }
        assertThat(events).isPositive();
        assertThat(matches).as("the corpus is malicious: the mapped path must fire on it").isPositive();
        System.out.printf("DetectorSoundnessTest: %d rules, %d events, %d matches%n", detector.ruleCount(), events, matches);
    }

    /** The top-level JSON objects of a file holding one or several concatenated objects. */
    private static List<String> splitObjects(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}' && --depth == 0) {
                out.add(text.substring(start, i + 1));
            }
        }
        return out;
    }
}
