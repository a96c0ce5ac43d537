package org.medsoc.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.RawMessage;

/**
 * A seeded mutation fuzzer over {@link LogParser#parse}: byte flips, inserts of interesting bytes, deletions,
 * duplications, truncations and splices of every sample file, plus random bytes. The same seed gives the same run.
 */
class LogParserFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("medsoc.fuzz.iterations", 100_000);
    private static final long SEED = Long.getLong("medsoc.fuzz.seed", 20240501L);
    private static final byte[] INTERESTING = "<>|=\\\"[] :,，：%\t\n\r\0-.0123456789CEF:LEEF:{}日\u00ff".getBytes(
            java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void neverThrowsAndAlwaysKeepsTenantAndOriginal() throws IOException, URISyntaxException {
        List<byte[]> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThan(30);
        LogParser parser = LogParser.create(List.of(), Messages.SHANGHAI, 8192);
        Random random = new Random(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = i % 50 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), seeds,
                    random);
            RawMessage m = new RawMessage(Messages.TENANT, "fuzz", i % 3 == 0 ? "" : "10.0.0.1", Messages.RECEIVED,
                    input, i % 97 == 0);
            ParseOutcome o;
            try {
                o = parser.parse(m);
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + " (seed " + SEED + ") threw on input "
                        + java.util.HexFormat.of().formatHex(input), t);
            }
            assertThat(o).isNotNull();
            assertThat(o.event().tenant()).isEqualTo(Messages.TENANT);
            assertThat(o.event().original()).isNotNull();
            if (o instanceof ParseOutcome.DeadLettered d) {
                assertThat(d.reason()).as("iteration %d", i).isNotBlank();
                assertThat(d.reason()).doesNotStartWith("internal parser error");
            }
        }
    }

    private static List<byte[]> seeds() throws IOException, URISyntaxException {
        Path root = Path.of(LogParserFuzzTest.class.getResource("/samples").toURI());
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                if (Files.size(p) < 16_384) {
                    out.add(Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] seed, List<byte[]> seeds, Random random) {
        byte[] b = seed.clone();
        int rounds = 1 + random.nextInt(6);
        for (int r = 0; r < rounds; r++) {
            if (b.length == 0) {
                b = new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
            }
            int pos = random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0 -> b[pos] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b = insert(b, pos, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
                case 2 -> b = java.util.Arrays.copyOf(b, pos);
                case 3 -> {
                    int len = Math.min(b.length - pos, 1 + random.nextInt(16));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, pos);
                    System.arraycopy(b, pos + len, out, pos, b.length - pos - len);
                    b = out;
                }
                case 4 -> {
                    int len = Math.min(b.length - pos, 1 + random.nextInt(32));
                    b = insert(b, pos, java.util.Arrays.copyOfRange(b, pos, pos + len));
                }
                case 5 -> {
                    byte[] other = seeds.get(random.nextInt(seeds.size()));
                    int from = random.nextInt(Math.max(1, other.length));
                    int len = Math.min(other.length - from, random.nextInt(64));
                    b = insert(b, pos, java.util.Arrays.copyOfRange(other, from, from + Math.max(0, len)));
                }
                default -> b[pos] = (byte) random.nextInt(256);
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int pos, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, pos);
        System.arraycopy(what, 0, out, pos, what.length);
        System.arraycopy(b, pos, out, pos + what.length, b.length - pos);
        return out;
    }
}
