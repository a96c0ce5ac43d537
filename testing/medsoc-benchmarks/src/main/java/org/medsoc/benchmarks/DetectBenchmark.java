package org.medsoc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.medsoc.detect.CompiledRule;
import org.medsoc.detect.Detector;
import org.medsoc.detect.EventFieldsView;
import org.medsoc.detect.SigmaRule;
import org.medsoc.detect.SigmaRules;
import org.medsoc.detect.mapping.LogSourceKey;
import org.medsoc.detect.mapping.LogSourceMatcher;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.parse.LogParser;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole Sigma rule folder against a mixed stream of normalised events (every sample format of ParseBenchmark
 * plus Sysmon process creations, one of them malicious). {@code indexed}: {@link Detector} (rules grouped by log
 * source, one log-source test per group). {@code naive}: every rule on every event (its log-source test, then the
 * rule). Rules: {@code -Dmedsoc.sigma.rules=DIR} (default {@code ../shared/sigma/rules}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DetectBenchmark {
    @Param({"indexed", "naive"})
    public String impl;

    private Detector detector;
    private final List<LogSourceMatcher> naiveSources = new ArrayList<>();
    private final List<CompiledRule> naiveRules = new ArrayList<>();
    private Event[] events;
    private EventFieldsView view;
    private int next;
    private int sink;

    @Setup
    public void setup() throws IOException {
        Path dir = Path.of(System.getProperty("medsoc.sigma.rules", "../shared/sigma/rules"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Sigma rules not found at " + dir.toAbsolutePath()
                    + "; pass -jvmArgsAppend -Dmedsoc.sigma.rules=DIR");
        }
        List<SigmaRule> rules = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                try {
                    rules.add(SigmaRules.parse(Files.readString(f), f.toString()));
                } catch (MedsocException e) {
                    // refused rules are reported by `medsoc sigma check`; the benchmark runs the rest
                }
            }
        }
        MappingPipeline mappings = MappingPipeline.loadDefaults();
        detector = Detector.create(rules, mappings);
        for (SigmaRule r : rules) {
            LogSourceKey key = new LogSourceKey(r.logsource().product(), r.logsource().category(), r.logsource().service());
            var source = mappings.logSource(key);
            if (source.isPresent()) {
                try {
                    naiveRules.add(SigmaRules.compile(r, mappings.fieldNameMapper(key)));
                    naiveSources.add(source.get());
                } catch (MedsocException e) {
                    // same refusals as the detector
                }
            }
        }
        events = stream();
        view = new EventFieldsView(events[0]);
        int indexedHits = 0;
        int naiveHits = 0;
        for (Event e : events) {
            int[] c = {0};
            detector.detect(e, view, r -> c[0]++);
            indexedHits += c[0];
            naiveHits += naive(e);
        }
        if (indexedHits != naiveHits || indexedHits == 0) {
            throw new IllegalStateException("detector found " + indexedHits + " matches, naive " + naiveHits
                    + "; they must agree and be non-zero");
        }
        System.out.printf("%n%d rules (%d log sources), %d refused; %d events per round, %d matches per round%n",
                detector.ruleCount(), detector.logSourceCount(), detector.refused().size(), events.length, indexedHits);
    }

    private int naive(Event e) {
        view.reset(e);
        int hits = 0;
        for (int i = 0; i < naiveRules.size(); i++) {
            if (naiveSources.get(i).matches(e) && naiveRules.get(i).matches(view)) {
                hits++;
            }
        }
        return hits;
    }

    private static Event[] stream() throws IOException {
        LogParser parser = LogParser.create(List.of(), ZoneId.of("Asia/Shanghai"), 1 << 20);
        List<String> lines = new ArrayList<>();
        for (String format : new String[] {"rfc5424", "rfc3164", "kv-fortigate", "cef", "leef", "json-eve", "windows-evtx", "access-log"}) {
            try (InputStream in = DetectBenchmark.class.getResourceAsStream("/bench/" + format + ".log")) {
                lines.add(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        }
        for (String cmd : new String[] {"vssadmin.exe delete shadows /all /quiet", "notepad.exe report.txt", "chrome.exe --type=renderer"}) {
            lines.add("{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_id\":1,\"event_data\":{"
                    + "\"Image\":\"C:\\\\Windows\\\\System32\\\\" + cmd.substring(0, cmd.indexOf(' ')) + "\",\"CommandLine\":\""
                    + cmd + "\",\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\"}}}");
        }
        List<Event> events = new ArrayList<>();
        for (String line : lines) {
            events.add(parser.parse(new RawMessage(TenantId.DEFAULT, "bench", "", 0, line.getBytes(StandardCharsets.UTF_8)))
                    .event());
        }
        return events.toArray(Event[]::new);
    }

    @Benchmark
    public int detect() {
        Event e = events[next];
        next = next + 1 == events.length ? 0 : next + 1;
        if (impl.equals("naive")) {
            return naive(e);
        }
        sink = 0;
        detector.detect(e, view, r -> sink++);
        return sink;
    }
}
