package org.medsoc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.medsoc.parse.LogParser;
import org.medsoc.parse.ParseOutcome;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
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
 * Lines per second of {@link LogParser#parse} for one sample line per format, against the regex baseline
 * ({@link RegexParser}) on the same line in the same run. The setup checks that each implementation's result is
 * correct before anything is measured, so a broken parser cannot post a fast number.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParseBenchmark {
    /** Sample line: src/main/resources/bench/{format}.log. */
    @Param({"rfc5424", "rfc3164", "kv-fortigate", "cef", "leef", "json-eve", "windows-evtx", "access-log"})
    public String format;

    /** medsoc's parser or the naive regex baseline. */
    @Param({"medsoc", "regex-baseline"})
    public String impl;

    private RawMessage message;
    private LogParser parser;
    private boolean baseline;

    /** What must be true of the parsed line: field name → value (medsoc) or baseline key → value. */
    private static final Map<String, Map<String, String>> EXPECTED = Map.of(
            "rfc5424", Map.of("host.name", "his-app01.hospital.local",
                    "log.syslog.structured_data.meta@32473.user", "drwang"),
            "rfc3164", Map.of("host.name", "web01", "log.syslog.appname", "sshd"),
            "kv-fortigate", Map.of("source.ip", "10.2.3.4", "destination.port", "445"),
            "cef", Map.of("source.ip", "10.1.1.5", "destination.port", "443"),
            "leef", Map.of("source.ip", "10.3.3.3", "user.name", "dr.wang"),
            "json-eve", Map.of("source.ip", "192.168.2.14", "destination.port", "80"),
            "windows-evtx", Map.of("winlog.event_id", "4624", "source.ip", "10.30.4.12"),
            "access-log", Map.of("source.ip", "10.30.4.12", "http.request.method", "GET"));
    private static final Map<String, Map<String, String>> EXPECTED_BASELINE = Map.of(
            "rfc5424", Map.of("host.name", "his-app01.hospital.local"),
            "rfc3164", Map.of("host.name", "web01", "log.syslog.appname", "sshd"),
            "kv-fortigate", Map.of("kv.srcip", "10.2.3.4", "kv.dstport", "445"),
            "cef", Map.of("cef.src", "10.1.1.5", "cef.dpt", "443"),
            "leef", Map.of("leef.src", "10.3.3.3", "leef.usrName", "dr.wang"),
            "json-eve", Map.of("json.src_ip", "\"192.168.2.14\"", "json.dest_port", "80"),
            "windows-evtx", Map.of("json.EventID", "4624", "json.IpAddress", "\"10.30.4.12\""),
            "access-log", Map.of("source.ip", "10.30.4.12", "http.request.method", "GET"));

    /** Loads the line, creates the parser and verifies the result of one parse. */
    @Setup
    public void setUp() {
        byte[] line = sample(format);
        message = new RawMessage(TenantId.DEFAULT, "syslog-udp:514", "10.0.0.1", 1714529700000L, line);
        parser = LogParser.create(List.of(), ZoneId.of("Asia/Shanghai"), 64 * 1024);
        baseline = impl.equals("regex-baseline");
        if (baseline) {
            verify(RegexParser.parse(line));
        } else {
            verify(parser.parse(message));
        }
    }

    /** Parses the line once. */
    @Benchmark
    public Object parse() {
        return baseline ? RegexParser.parse(message.payload()) : parser.parse(message);
    }

    private void verify(ParseOutcome outcome) {
        if (!(outcome instanceof ParseOutcome.Parsed)) {
            throw new IllegalStateException(format + ": medsoc dead-lettered the sample: "
                    + ((ParseOutcome.DeadLettered) outcome).reason());
        }
        Event e = outcome.event();
        EXPECTED.get(format).forEach((name, value) -> {
            String actual = Fields.find(name).map(e::value).orElse(null);
            if (!value.equals(actual)) {
                throw new IllegalStateException(format + ": medsoc parsed " + name + "=" + actual + ", expected "
                        + value + "; event: " + e);
            }
        });
    }

    private void verify(Map<String, String> fields) {
        EXPECTED_BASELINE.get(format).forEach((name, value) -> {
            if (!value.equals(fields.get(name))) {
                throw new IllegalStateException(format + ": baseline parsed " + name + "=" + fields.get(name)
                        + ", expected " + value + "; map: " + fields);
            }
        });
    }

    static byte[] sample(String format) {
        try (InputStream in = ParseBenchmark.class.getResourceAsStream("/bench/" + format + ".log")) {
            if (in == null) {
                throw new IllegalStateException("no sample line /bench/" + format + ".log");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
