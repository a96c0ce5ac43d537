package org.medsoc.benchmarks;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.medsoc.intel.Indicator;
import org.medsoc.intel.IndicatorIndex;
import org.medsoc.intel.IndicatorType;
import org.medsoc.intel.IntelFields;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Indicator matching of proxy/firewall/DNS events against {@code indicators} generated indicators (default five
 * million: 40% IPv4, 5% /24 networks, 25% domains, 25% digests, 5% URLs). One op is one event; one event in 16
 * hits an indicator. {@code index}: {@link IndicatorIndex#match}. {@code hashset}: the naive way, a
 * {@code HashSet<String>} of all values, each relevant field lower-cased and looked up, domains walked through their
 * parents with {@code substring} (it cannot match networks, so the corpus hits are chosen outside networks).
 * Each op copies the event's values into fresh {@code String}s (about 25 ns, in both), since a parser hands over new
 * strings and a cached {@code String.hashCode} would flatter the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class IntelMatchBenchmark {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<Field> LOWER = List.of(Fields.SOURCE_IP, Fields.DESTINATION_IP,
            Fields.DNS_QUESTION_NAME, Fields.URL_DOMAIN, Fields.FILE_HASH_SHA256, IntelFields.EMAIL_FROM);

    @Param({"index", "hashset"})
    public String impl;

    @Param({"5000000"})
    public int indicators;

    private IndicatorIndex index;
    private Set<String> set;
    private Event[] events;
    private final Event scratch = new Event(TenantId.DEFAULT, 1_790_000_000_000L, "");
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        if (impl.equals("index")) {
            IndicatorIndex.Builder builder = IndicatorIndex.builder();
            for (int i = 0; i < indicators; i++) {
                builder.add(indicator(i));
            }
            index = builder.build();
            System.out.printf("%nindex of %,d indicators, estimated %,d bytes%n", index.size(),
                    index.estimatedBytes());
        } else {
            set = new HashSet<>(indicators * 2);
            for (int i = 0; i < indicators; i++) {
                set.add(indicator(i).value());
            }
        }
        events = events();
        int hits = 0;
        for (Event e : events) {
            hits += impl.equals("index") ? index.match(e).size() : naive(e);
        }
        // events[0] hits an IP, events[8] a subdomain of a domain indicator, events[15] a SHA-256
        if (hits != 3) {
            throw new IllegalStateException(impl + " found " + hits + " hits in one round of events, expected 3");
        }
    }

    @Benchmark
    public int match() {
        Event template = events[next];
        next = (next + 1) & 15;
        // fresh String objects, as a parser produces them: no cached String.hashCode for the baseline
        Event e = scratch;
        for (int i = 0; i < template.size(); i++) {
            e.put(template.fieldAt(i), new String(template.valueAt(i)));
        }
        return impl.equals("index") ? index.match(e).size() : naive(e);
    }

    private int naive(Event e) {
        int hits = 0;
        for (Field f : LOWER) {
            String v = e.value(f);
            if (v == null) {
                continue;
            }
            v = v.toLowerCase(Locale.ROOT);
            if (f == Fields.DNS_QUESTION_NAME || f == Fields.URL_DOMAIN) {
                for (String d = v; ; ) {
                    if (set.contains(d)) {
                        hits++;
                    }
                    int dot = d.indexOf('.');
                    if (dot < 0) {
                        break;
                    }
                    d = d.substring(dot + 1);
                }
            } else if (set.contains(v)) {
                hits++;
            }
        }
        String url = e.value(Fields.URL_ORIGINAL);
        if (url != null && set.contains(url)) {
            hits++;
        }
        String ua = e.value(Fields.USER_AGENT_ORIGINAL);
        if (ua != null && set.contains(ua)) {
            hits++;
        }
        return hits;
    }

    private Event[] events() {
        Event[] out = new Event[16];
        for (int k = 0; k < 16; k++) {
            Event e = new Event(TenantId.DEFAULT, 1_790_000_000_000L, "");
            e.put(Fields.SOURCE_IP, "172.16." + k + ".23");
            e.put(Fields.DESTINATION_IP, "93.184.216." + (30 + k));
            e.put(Fields.DNS_QUESTION_NAME, "img" + k + ".static.cdn-provider.example.org");
            e.put(Fields.URL_DOMAIN, "www.portal" + k + ".hospital.example");
            e.put(Fields.URL_ORIGINAL, "https://www.portal" + k + ".hospital.example/his/api/v2/patients?page=" + k);
            e.put(Fields.USER_AGENT_ORIGINAL, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML,"
                    + " like Gecko) Chrome/131.0.0.0 Safari/537.36");
            e.put(Fields.FILE_HASH_SHA256, HEX.formatHex(new byte[] {(byte) k, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                    13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}));
            out[k] = e;
        }
        out[0].put(Fields.DESTINATION_IP, firstIpOutsideNetworks());
        out[8].put(Fields.DNS_QUESTION_NAME, "cdn." + indicator(9).value());
        out[15].put(Fields.FILE_HASH_SHA256, indicator(14).value().toUpperCase(Locale.ROOT));
        return out;
    }

    /** An IPv4 indicator value that lies outside every generated network (11.0.0.0 upwards). */
    private String firstIpOutsideNetworks() {
        for (int i = 0; ; i += 20) {
            String v = indicator(i).value();
            int first = Integer.parseInt(v.substring(0, v.indexOf('.')));
            if (first < 11 || first > 20) {
                return v;
            }
        }
    }

    /** Indicator {@code i} of the corpus; the same generator as the module's scale test. */
    static Indicator indicator(int i) {
        int bucket = i % 20;
        int n = i / 20;
        if (bucket < 8) {
            return Indicator.of(IndicatorType.IPV4, ipv4(mix(n * 8 + bucket) & 0xFFFF_FFFFL), "bench");
        }
        if (bucket == 8) {
            return Indicator.of(IndicatorType.CIDR, ipv4(0x0B00_0000L + ((long) n << 8)) + "/24", "bench");
        }
        if (bucket < 14) {
            return Indicator.of(IndicatorType.DOMAIN, "h" + Integer.toString(i, 36) + ".c" + (i % 977) + ".example",
                    "bench");
        }
        if (bucket < 16) {
            return Indicator.of(IndicatorType.SHA256, digest(i, 32), "bench");
        }
        if (bucket < 18) {
            return Indicator.of(IndicatorType.MD5, digest(i, 16), "bench");
        }
        if (bucket == 18) {
            return Indicator.of(IndicatorType.SHA1, digest(i, 20), "bench");
        }
        return Indicator.of(IndicatorType.URL, "http://dl" + (i % 5003) + ".example/p/" + Integer.toString(i, 36)
                + ".bin", "bench");
    }

    private static String ipv4(long a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    private static String digest(int i, int bytes) {
        byte[] b = new byte[bytes];
        long x = i * 0x9E3779B97F4A7C15L + bytes;
        for (int k = 0; k < bytes; k++) {
            if (k % 8 == 0) {
                x = mix64(x + k);
            }
            b[k] = (byte) (x >>> (8 * (k % 8)));
        }
        b[0] = (byte) i;
        b[1] = (byte) (i >>> 8);
        b[2] = (byte) (i >>> 16);
        b[3] = (byte) (i >>> 24);
        return HEX.formatHex(b);
    }

    private static int mix(int x) {
        x *= 0x9E3779B1;
        x ^= x >>> 15;
        x *= 0x85EBCA77;
        return x ^ (x >>> 13);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
