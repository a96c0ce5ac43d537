package org.medsoc.ingest.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final String SPECIAL = "0123456789 \n\r\u0000";

    private record Frame(String text, boolean truncated, boolean partial) {}

    private static final class Collector implements FrameDecoder.Output {
        final List<Frame> frames = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();

        @Override
        public void message(byte[] payload, boolean truncated, boolean partial) {
            payloads.add(payload);
            frames.add(new Frame(new String(payload, StandardCharsets.ISO_8859_1), truncated, partial));
        }

        List<String> texts() {
            return frames.stream().map(Frame::text).toList();
        }
    }

    private static Collector decode(int max, byte[] input, int chunk, boolean end) {
        FrameDecoder d = new FrameDecoder(max);
        Collector c = new Collector();
        for (int i = 0; i < input.length; i += chunk) {
            d.feed(input, i, Math.min(chunk, input.length - i), c);
        }
        if (end) {
            d.endOfStream(c);
        }
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(FrameDecoderTest.class.getResourceAsStream("/framing/" + name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesMixedFramingIdenticallyForEveryChunkSize() throws IOException {
        byte[] input = resource("mixed.txt");
        List<String> expected = new String(resource("expected-mixed.txt"), StandardCharsets.UTF_8).lines().toList();
        for (int chunk = 1; chunk <= input.length; chunk++) {
            Collector c = decode(1024, input, chunk, true);
            assertThat(c.texts()).as("chunk size %d", chunk).isEqualTo(expected);
            assertThat(c.frames).noneMatch(Frame::truncated).noneMatch(Frame::partial);
        }
    }

    @Test
    void stripsCarriageReturnBeforeLineFeedOnly() {
        assertThat(decode(64, bytes("a\r\nb\rc\n"), 100, true).texts()).containsExactly("a", "b\rc");
    }

    @Test
    void skipsEmptyFrames() {
        assertThat(decode(64, bytes("\n\r\n\0\0a\n\n\nb\n"), 3, true).texts()).containsExactly("a", "b");
    }

    @Test
    void truncatesLongLineAndSkipsToNextLineFeed() {
        String longLine = "x".repeat(100);
        Collector c = decode(16, bytes(longLine + "\nshort\n"), 7, true);
        assertThat(c.frames).containsExactly(new Frame("x".repeat(16), true, false), new Frame("short", false, false));
    }

    @Test
    void keepsLineOfExactlyMaxBytesWithCrlfWhole() {
        String line = "y".repeat(16);
        for (int chunk = 1; chunk <= 20; chunk++) {
            Collector c = decode(16, bytes(line + "\r\n" + line + "z\n"), chunk, true);
            assertThat(c.frames)
                    .as("chunk %d", chunk)
                    .containsExactly(new Frame(line, false, false), new Frame(line, true, false));
        }
    }

    @Test
    void truncatesOctetFrameAndResumesAfterIt() {
        String body = "z".repeat(40);
        Collector c = decode(16, bytes("40 " + body + "5 hello"), 3, true);
        assertThat(c.frames).containsExactly(new Frame("z".repeat(16), true, false), new Frame("hello", false, false));
    }

    @Test
    void treatsInvalidOctetCountsAsNonTransparent() {
        assertThat(decode(64, bytes("99999999999 x\n12abc\n0 zero\n123\n"), 1, true).texts())
                .containsExactly("99999999999 x", "12abc", "0 zero", "123");
    }

    @Test
    void treatsOctetCountAboveLimitAsNonTransparent() {
        // 99999999 (8 digits) exceeds the 64 MiB octet-count limit
        assertThat(decode(64, bytes("99999999 y\nok\n"), 2, true).texts()).containsExactly("99999999 y", "ok");
    }

    @Test
    void deliversPartialLineAtEndOfStream() {
        Collector c = decode(64, bytes("done\nhalf a li"), 4, true);
        assertThat(c.frames).containsExactly(new Frame("done", false, false), new Frame("half a li", false, true));
    }

    @Test
    void deliversPartialOctetFrameTruncatedAtEndOfStream() {
        Collector c = decode(64, bytes("30 only part"), 4, true);
        assertThat(c.frames).containsExactly(new Frame("only part", true, true));
    }

    @Test
    void deliversNothingForBarePrefixAtEndOfStream() {
        assertThat(decode(64, bytes("30 "), 1, true).frames).isEmpty();
        assertThat(decode(64, bytes("30"), 1, true).texts()).containsExactly("30");
    }

    @Test
    void rejectsTinyLimit() {
        assertThatThrownBy(() -> new FrameDecoder(8)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Seeded mutation fuzzing: valid samples with random flips, inserts, duplications and truncations, plus random
     * bytes, fed in random chunks. No exception may escape, payloads never exceed the limit, the held buffer never
     * exceeds limit + 1, and every byte of a payload comes from the input.
     */
    @Test
    void survivesMutatedAndRandomInput() throws IOException {
        byte[] sample = resource("mixed.txt");
        Random random = new Random(20240601L);
        int max = 64;
        for (int iteration = 0; iteration < 100_000; iteration++) {
            byte[] input = random.nextInt(4) == 0 ? randomBytes(random, random.nextInt(300)) : mutate(random, sample);
            FrameDecoder d = new FrameDecoder(max);
            Collector c = new Collector();
            int i = 0;
            while (i < input.length) {
                int n = Math.min(input.length - i, 1 + random.nextInt(64));
                d.feed(input, i, n, c);
                if (d.buffered() > max + 1) {
                    fail("decoder holds " + d.buffered() + " bytes in iteration " + iteration);
                }
                i += n;
            }
            d.endOfStream(c);
            long total = 0;
            for (byte[] p : c.payloads) {
                if (p.length < 1 || p.length > max) {
                    fail("payload of " + p.length + " bytes in iteration " + iteration);
                }
                total += p.length;
            }
            if (d.buffered() != 0 || total > input.length) {
                fail("buffered " + d.buffered() + ", total " + total + " in iteration " + iteration);
            }
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(Random random, byte[] sample) {
        byte[] b = sample.clone();
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(5)) {
                case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 1 -> b[random.nextInt(b.length)] = (byte) SPECIAL.charAt(random.nextInt(SPECIAL.length()));
                case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                case 3 -> {
                    int at = random.nextInt(b.length + 1);
                    byte[] extra = randomBytes(random, random.nextInt(100));
                    byte[] out = new byte[b.length + extra.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(extra, 0, out, at, extra.length);
                    System.arraycopy(b, at, out, at + extra.length, b.length - at);
                    b = out;
                }
                default -> {
                    byte[] out = new byte[b.length * 2];
                    System.arraycopy(b, 0, out, 0, b.length);
                    System.arraycopy(b, 0, out, b.length, b.length);
                    b = out;
                }
            }
            if (b.length == 0) {
                return b;
            }
        }
        return b;
    }
}
