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
 * The whole Sigma rule folder against a stream of normalised events. Streams: {@code formats}, every sample format
 * of ParseBenchmark plus Sysmon process creations, one of them malicious (11 events); {@code hospital}, a realistic
 * hospital mix of 200 events generated with a fixed seed — about 60% firewall traffic logs (FortiGate), 12% Windows
 * Security, 10% Sysmon, 8% Linux auth syslog, 7% web access logs and a few HIS audit, CEF, LEEF and Suricata lines.
 * {@code indexed}: {@link Detector} (rules grouped by log source, one log-source test per group, literal
 * prefilter). {@code naive}: every rule on every event (its log-source test, then the rule). Rules:
 * {@code -Dmedsoc.sigma.rules=DIR} (default {@code ../shared/sigma/rules}).
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

    @Param({"formats", "hospital"})
    public String stream;

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
        events = stream.equals("hospital") ? hospital() : stream();
        view = new EventFieldsView(events[0]);
        int indexedHits = 0;
        int naiveHits = 0;
        for (Event e : events) {
            int[] c = {0};
            detector.detect(e, view, r -> c[0]++);
            indexedHits += c[0];
            naiveHits += naive(e);
        }
        if (indexedHits != naiveHits || (indexedHits == 0 && stream.equals("formats"))) {
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

    /** The hospital mix: 200 events, fixed seed, shuffled. */
    private static Event[] hospital() throws IOException {
        java.util.Random random = new java.util.Random(20240501);
        String fortigate = resource("kv-fortigate");
        String evtx = resource("windows-evtx");
        List<String> lines = new ArrayList<>();
        String[] ports = {"443", "443", "443", "80", "53", "445", "3389", "104", "2575", "8080", "123", "389"};
        String[] actions = {"accept", "accept", "accept", "close", "close", "deny", "timeout"};
        String[] policies = {"lan-to-wan", "emr-access", "pacs-dicom", "hl7-feed", "block-smb-out", "dns-out"};
        for (int i = 0; i < 120; i++) {
            String action = actions[random.nextInt(actions.length)];
            lines.add(fortigate
                    .replace("srcip=10.2.3.4", "srcip=10." + random.nextInt(40) + "." + random.nextInt(255) + "."
                            + (1 + random.nextInt(254)))
                    .replace("srcport=51234", "srcport=" + (20000 + random.nextInt(40000)))
                    .replace("dstip=203.0.113.50", "dstip=" + (random.nextBoolean() ? "10.0." : "198.51.")
                            + random.nextInt(255) + "." + (1 + random.nextInt(254)))
                    .replace("dstport=445", "dstport=" + ports[random.nextInt(ports.length)])
                    .replace("action=\"deny\"", "action=\"" + action + "\"")
                    .replace("sessionid=1234567", "sessionid=" + (1_000_000 + random.nextInt(9_000_000)))
                    .replace("policyname=\"block-smb-out\"",
                            "policyname=\"" + policies[random.nextInt(policies.length)] + "\"")
                    .replace("sentbyte=0", "sentbyte=" + random.nextInt(1_000_000))
                    .replace("rcvdbyte=0", "rcvdbyte=" + random.nextInt(5_000_000)));
        }
        String[] securityIds = {"4624", "4624", "4634", "4672", "4625", "4648"};
        for (int i = 0; i < 24; i++) {
            lines.add(evtx.replace("\"EventID\":4624", "\"EventID\":" + securityIds[random.nextInt(securityIds.length)])
                    .replace("\"EventRecordID\":1183", "\"EventRecordID\":" + (1000 + i)));
        }
        String[][] processes = {
            {"C:\\\\Windows\\\\System32\\\\svchost.exe", "svchost.exe -k netsvcs -p -s Schedule"},
            {"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe", "chrome.exe --type=renderer --lang=zh-CN"},
            {"C:\\\\Program Files\\\\HIS\\\\his-client.exe", "his-client.exe /ward ICU /user drwang"},
            {"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe", "powershell.exe -NoProfile -File C:\\\\scripts\\\\backup.ps1"},
            {"C:\\\\Windows\\\\System32\\\\conhost.exe", "conhost.exe 0xffffffff -ForceV1"},
        };
        for (int i = 0; i < 14; i++) {
            String[] p = processes[random.nextInt(processes.length)];
            lines.add("{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_id\":1,\"event_data\":{"
                    + "\"Image\":\"" + p[0] + "\",\"CommandLine\":\"" + p[1] + "\",\"User\":\"HOSPITAL\\\\drwang\","
                    + "\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\",\"IntegrityLevel\":\"Medium\"}}}");
        }
        for (int i = 0; i < 6; i++) {
            lines.add("{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_id\":3,\"event_data\":{"
                    + "\"Image\":\"C:\\\\Program Files\\\\HIS\\\\his-client.exe\",\"Protocol\":\"tcp\","
                    + "\"DestinationIp\":\"10.0.5." + (1 + random.nextInt(254)) + "\",\"DestinationPort\":\"2575\","
                    + "\"Initiated\":\"true\",\"User\":\"HOSPITAL\\\\svc_his\"}}}");
        }
        String[] auth = {
            "<86>Jan  5 12:00:01 web01 sshd[1234]: Accepted publickey for deploy from 10.0.0.5 port 50022 ssh2",
            "<86>Jan  5 12:00:02 pacs01 sshd[2234]: Failed password for invalid user admin from 10.9.8.7 port 40022 ssh2",
            "<86>Jan  5 12:00:03 his-db01 sudo: dbadmin : TTY=pts/0 ; PWD=/home/dbadmin ; USER=root ; COMMAND=/usr/bin/systemctl status postgresql",
            "<86>Jan  5 12:00:04 his-db01 CRON[4321]: pam_unix(cron:session): session opened for user root by (uid=0)",
            "<86>Jan  5 12:00:05 web01 sshd[1235]: pam_unix(sshd:session): session closed for user deploy",
        };
        for (int i = 0; i < 16; i++) {
            lines.add(auth[random.nextInt(auth.length)]);
        }
        String[] paths = {"/emr/patient/123456/record?view=full", "/pacs/wado?studyUID=1.2.840.113619.2.55.3",
            "/lis/results?order=88231", "/static/app.js", "/favicon.ico", "/login"};
        String[] statuses = {"200", "200", "200", "304", "404", "302"};
        for (int i = 0; i < 14; i++) {
            lines.add("10.30." + random.nextInt(40) + "." + (1 + random.nextInt(254)) + " - drwang [01/May/2024:10:11:12 +0800] \"GET "
                    + paths[random.nextInt(paths.length)] + " HTTP/1.1\" " + statuses[random.nextInt(statuses.length)]
                    + " " + random.nextInt(100_000) + " \"https://emr.hospital.local/emr/search\" \"Mozilla/5.0 (Windows NT 10.0;"
                    + " Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36\"");
        }
        for (String format : new String[] {"rfc5424", "cef", "leef", "json-eve", "rfc5424", "cef"}) {
            lines.add(resource(format));
        }
        java.util.Collections.shuffle(lines, random);
        return parse(lines);
    }

    private static String resource(String format) throws IOException {
        try (InputStream in = DetectBenchmark.class.getResourceAsStream("/bench/" + format + ".log")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static Event[] parse(List<String> lines) {
        LogParser parser = LogParser.create(List.of(), ZoneId.of("Asia/Shanghai"), 1 << 20);
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
