package org.medsoc.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.medsoc.detect.CompiledRule;
import org.medsoc.detect.Detector;
import org.medsoc.detect.EventFieldsView;
import org.medsoc.detect.FieldNameMapper;
import org.medsoc.detect.JsonEventView;
import org.medsoc.detect.SigmaCheck;
import org.medsoc.detect.SigmaRule;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.parse.LogParser;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.error.MedsocException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medsoc detect --rules DIR FILE...}: runs Sigma rules offline and prints one JSON line per match:
 * {@code {"rule":"<id>","title":"…","level":"…","file":"…","line":N}}.
 *
 * <p>A file holding one pretty-printed JSON event (or several concatenated), as in the Sigma regression data, is
 * evaluated with Sigma's own field names (the evtx_dump layout of Windows events is understood). Every line of any
 * other file (NDJSON, syslog, CEF, key=value, ...) goes through the ingest parser and is evaluated with the
 * log-source and field mappings, so a rule fires only on events of its log source.
 */
@Command(name = "detect", mixinStandardHelpOptions = true, description = "Run Sigma rules over log files offline.")
final class DetectCommand implements Callable<Integer> {
    @Option(names = "--rules", required = true, description = "Folder of Sigma rules (repeatable)")
    List<Path> ruleDirs = new ArrayList<>();

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files: any format the ingest path parses, NDJSON, or JSON events")
    List<Path> files = new ArrayList<>();

    private static final ObjectMapper JSON = new ObjectMapper();


    @Override
    public Integer call() throws IOException {
        // Sigma's own field names for JSON event files; the log-source mappings for everything the parser reads
        List<CompiledRule> raw = new ArrayList<>();
        List<SigmaRule> rules = new ArrayList<>();
        int refused = 0;
        for (Path dir : ruleDirs) {
            for (SigmaCheck.FileOutcome f : SigmaCheck.check(dir, FieldNameMapper.identity()).files()) {
                if (f.outcome() instanceof SigmaCheck.Outcome.Compiled c) {
                    raw.add(c.rule());
                    rules.add(c.rule().rule());
                } else {
                    refused++;
                }
            }
        }
        Detector detector = Detector.create(rules, MappingPipeline.loadDefaults());
        System.err.println("medsoc detect: " + raw.size() + " rules loaded, " + refused + " refused (see medsoc sigma"
                + " check); " + detector.ruleCount() + " with a log-source mapping");
        LogParser parser = LogParser.create(List.of(), ZoneId.systemDefault(), 1 << 20);
        EventFieldsView view = new EventFieldsView(new Event(TenantId.DEFAULT, 0, ""));
        int matches = 0;
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String trimmed = text.stripLeading();
            if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && !isNdjson(text)) {
                Optional<List<JsonEventView>> whole = wholeJson(text);
                if (whole.isPresent()) {
                    for (JsonEventView e : whole.get()) {
                        for (CompiledRule r : raw) {
                            if (r.matches(e)) {
                                print(r.rule(), file, 1);
                                matches++;
                            }
                        }
                    }
                    continue;
                }
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                Event event = parser.parse(new RawMessage(TenantId.DEFAULT, "file:" + file, "", System.currentTimeMillis(),
                                line.getBytes(StandardCharsets.UTF_8)))
                        .event();
                int lineNo = i + 1;
                List<SigmaRule> hits = new ArrayList<>();
                detector.detect(event, view, r -> hits.add(r.rule()));
                for (SigmaRule rule : hits) {
                    print(rule, file, lineNo);
                }
                matches += hits.size();
            }
        }
        System.err.println("medsoc detect: " + matches + " matches");
        return 0;
    }

    private static void print(SigmaRule rule, Path file, int line) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("rule", rule.id() != null ? rule.id() : rule.origin());
            g.writeStringField("title", rule.title());
            g.writeStringField("level", String.valueOf(rule.level()));
            g.writeStringField("file", file.toString());
            g.writeNumberField("line", line);
            g.writeEndObject();
        }
        System.out.println(out);
    }

    private static Optional<List<JsonEventView>> wholeJson(String text) {
        try {
            return Optional.of(JsonEventView.ofAll(text));
        } catch (MedsocException e) {
            return Optional.empty();
        }
    }

    /** NDJSON: every non-blank line is a complete JSON object on its own. */
    private static boolean isNdjson(String text) {
        int objects = 0;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (!(l.startsWith("{") && l.endsWith("}"))) {
                return false;
            }
            objects++;
        }
        return objects > 1;
    }
}
