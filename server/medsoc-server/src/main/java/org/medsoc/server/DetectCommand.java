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
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.CompiledRule;
import org.medsoc.detect.EventView;
import org.medsoc.detect.FieldNameMapper;
import org.medsoc.detect.JsonEventView;
import org.medsoc.detect.SigmaCheck;
import org.medsoc.detect.SigmaRule;
import org.medsoc.detect.SigmaRules;
import org.medsoc.detect.mapping.LogSourceKey;
import org.medsoc.detect.mapping.LogSourceMatcher;
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

    /** A rule compiled twice: with Sigma's names (JSON input) and, when its log source is mapped, with medsoc's. */
    private record Loaded(CompiledRule raw, @Nullable LogSourceMatcher source, @Nullable CompiledRule mapped) {}

    @Override
    public Integer call() throws IOException {
        MappingPipeline mappings = MappingPipeline.loadDefaults();
        List<Loaded> rules = new ArrayList<>();
        int refused = 0;
        for (Path dir : ruleDirs) {
            for (SigmaCheck.FileOutcome f : SigmaCheck.check(dir, FieldNameMapper.identity()).files()) {
                if (f.outcome() instanceof SigmaCheck.Outcome.Compiled c) {
                    rules.add(load(c.rule(), mappings));
                } else {
                    refused++;
                }
            }
        }
        System.err.println("medsoc detect: " + rules.size() + " rules loaded, " + refused + " refused (see medsoc sigma check)");
        LogParser parser = LogParser.create(List.of(), ZoneId.systemDefault(), 1 << 20);
        int matches = 0;
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String trimmed = text.stripLeading();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                Optional<List<JsonEventView>> whole = wholeJson(text);
                if (whole.isPresent() && !isNdjson(text)) {
                    for (JsonEventView e : whole.get()) {
                        matches += report(rules, e, null, file, 1);
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
                matches += report(rules, null, event, file, i + 1);
            }
        }
        System.err.println("medsoc detect: " + matches + " matches");
        return 0;
    }

    private static Loaded load(CompiledRule raw, MappingPipeline mappings) {
        SigmaRule.LogSource ls = raw.rule().logsource();
        LogSourceKey key = new LogSourceKey(ls.product(), ls.category(), ls.service());
        Optional<LogSourceMatcher> source = mappings.logSource(key);
        CompiledRule mapped = null;
        if (source.isPresent()) {
            try {
                mapped = SigmaRules.compile(raw.rule(), mappings.fieldNameMapper(key));
            } catch (MedsocException e) {
                mapped = null;
            }
        }
        return new Loaded(raw, source.orElse(null), mapped);
    }

    private static int report(List<Loaded> rules, @Nullable EventView json, @Nullable Event event, Path file, int line)
            throws IOException {
        int n = 0;
        EventView view = json != null ? json : new org.medsoc.detect.EventFieldsView(java.util.Objects.requireNonNull(event));
        for (Loaded r : rules) {
            boolean hit;
            if (json != null) {
                hit = r.raw().matches(view);
            } else {
                hit = r.mapped() != null && r.source() != null && r.source().matches(event) && r.mapped().matches(view);
            }
            if (hit) {
                SigmaRule rule = r.raw().rule();
                StringWriter out = new StringWriter();
                try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                    g.writeStartObject();
                    g.writeStringField("rule", rule.id() != null ? rule.id() : rule.origin());
                    g.writeStringField("title", String.valueOf(rule.title()));
                    g.writeStringField("level", String.valueOf(rule.level()));
                    g.writeStringField("file", file.toString());
                    g.writeNumberField("line", line);
                    g.writeEndObject();
                }
                System.out.println(out);
                n++;
            }
        }
        return n;
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
