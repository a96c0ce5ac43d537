package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

/**
 * A seeded mutation fuzzer ("Jazzer or equivalent", see HELPER-COMMON) over the parsers of untrusted input: random
 * byte flips, inserts, deletions, truncations and splices of valid samples plus random bytes. Nothing but a
 * {@link MedsocException} may escape, and whatever parses must satisfy the parser's invariants.
 */
class FeedMutationFuzzTest {
    private static final String[] CPE_SEEDS = {
        "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*",
        "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003\\:x64:*:*",
        "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.4651:*:*:*:*:*:x64:*",
        "cpe:2.3:a:apache:*server*:2.4.5?:*:*:*:*:*:*:*",
    };

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    int at = random.nextInt(b.length + 1);
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) "\\:*?-\"{}[],.\n0a".charAt(random.nextInt(15));
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 2 -> {
                    if (b.length > 0) {
                        int at = random.nextInt(b.length);
                        byte[] c = new byte[b.length - 1];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                        b = c;
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
                case 4 -> {
                    if (b.length > 4) {
                        int from = random.nextInt(b.length - 2);
                        int len = 1 + random.nextInt(Math.min(40, b.length - from - 1));
                        int to = random.nextInt(b.length);
                        byte[] c = new byte[b.length + len];
                        System.arraycopy(b, 0, c, 0, to);
                        System.arraycopy(b, from, c, to, len);
                        System.arraycopy(b, to, c, to + len, b.length - to);
                        b = c;
                    }
                }
                default -> {
                    byte[] c = new byte[random.nextInt(64)];
                    random.nextBytes(c);
                    b = c;
                }
            }
        }
        return b;
    }

    private static void fuzz(List<byte[]> seeds, int iterations, long seed, Consumer<byte[]> parse) {
        Random random = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                parse.accept(input);
                accepted++;
            } catch (MedsocException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(accepted).as("some mutants must still parse, or the fuzzer tests nothing").isPositive();
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = FeedMutationFuzzTest.class.getResourceAsStream("/findings/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void cpeParserOnlyFailsWithMedsocExceptions() {
        List<byte[]> seeds = java.util.Arrays.stream(CPE_SEEDS).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        fuzz(seeds, 100_000, 1, bytes -> {
            Cpe cpe = Cpe.parse(new String(bytes, StandardCharsets.UTF_8));
            assertThat(Cpe.parse(cpe.toString())).isEqualTo(cpe);
            assertThat(cpe.matches(cpe)).as("a name matches itself: %s", cpe).isTrue();
        });
    }

    @Test
    void versionOrderIsTotalOnMutatedVersions() {
        Random random = new Random(7);
        List<byte[]> seeds = List.of("2.4.57p1".getBytes(StandardCharsets.UTF_8),
                "1.2.3-rc1".getBytes(StandardCharsets.UTF_8), "10.0.19045.3803".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) {
            Version a = Version.of(new String(mutate(seeds.get(random.nextInt(3)), random), StandardCharsets.UTF_8));
            Version b = Version.of(new String(mutate(seeds.get(random.nextInt(3)), random), StandardCharsets.UTF_8));
            assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
            assertThat(a.compareTo(a)).isZero();
        }
    }

    @Test
    void feedParsersOnlyFailWithMedsocExceptions() throws Exception {
        List<byte[]> kev = List.of(resource("kev.json"));
        fuzz(kev, 3_000, 2, bytes -> KevCatalog.parse(new ByteArrayInputStream(bytes)).entries()
                .forEach(e -> assertThat(e.cve()).startsWith("CVE-")));
        List<byte[]> epss = List.of(resource("epss.csv"));
        fuzz(epss, 10_000, 3, bytes -> EpssScores.parse(new ByteArrayInputStream(bytes)).scores().values()
                .forEach(s -> assertThat(s.epss()).isBetween(0.0, 1.0)));
        List<byte[]> nvd = List.of(resource("nvd-cves.json"));
        fuzz(nvd, 3_000, 4, bytes -> NvdFeed.parse(new ByteArrayInputStream(bytes))
                .forEach(a -> assertThat(a.id()).startsWith("CVE-")));
    }
}
