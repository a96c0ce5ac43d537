package org.medsoc.parse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.medsoc.parse.ParseContext;
import org.medsoc.parse.PayloadParser;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;

/**
 * A seeded mutation fuzzer for payload parsers (the in-suite equivalent of a short Jazzer run): mutations of valid
 * samples (character flips, inserts of structural characters, deletions, duplications, truncations, splices) plus
 * random bytes decoded as UTF-8 and ISO-8859-1. Asserts that {@code detects} and {@code parse} never throw, that the
 * answer is null or a non-empty reason, and that typed fields of parsed events hold valid values.
 */
public final class MutationFuzzer {
    private static final String STRUCTURE = "{}[]\":,\\ '=;()/-.|%#@\t\n\r0123456789aZ\u0000\u00e9\u4e2d\uFFFD";

    private MutationFuzzer() {}

    /** Runs {@code iterations} cases; answers how many parsed without a reason. */
    public static int run(
            PayloadParser parser, List<String> seeds, List<ParseContext> contexts, long seed, int iterations) {
        assertThat(seeds).isNotEmpty();
        SplittableRandom random = new SplittableRandom(seed);
        int parsed = 0;
        for (int i = 0; i < iterations; i++) {
            String payload = next(random, seeds);
            ParseContext context = contexts.get(random.nextInt(contexts.size()));
            Event event = new Event(org.medsoc.spi.event.TenantId.DEFAULT, 0, payload);
            String reason;
            try {
                parser.detects(payload, context);
                reason = parser.parse(payload, context, event);
            } catch (Throwable t) {
                throw new AssertionError(
                        "iteration " + i + " (seed " + seed + ") threw on payload " + escape(payload), t);
            }
            if (reason != null) {
                if (reason.isEmpty()) {
                    fail("iteration %d: empty reason for payload %s", i, escape(payload));
                }
                continue;
            }
            parsed++;
            for (int f = 0; f < event.size(); f++) {
                Field field = event.fieldAt(f);
                String value = event.valueAt(f);
                boolean valid = switch (field.type()) {
                    case LONG, DATE -> Literals.isLong(value);
                    case IP -> org.medsoc.parse.internal.Text.isIp(value);
                    case KEYWORD, TEXT -> true;
                };
                if (!valid) {
                    fail("iteration %d: %s has invalid %s value '%s' for payload %s",
                            i, field.name(), field.type(), value, escape(payload));
                }
            }
        }
        return parsed;
    }

    private static String next(SplittableRandom random, List<String> seeds) {
        int kind = random.nextInt(100);
        if (kind < 8) {
            return randomBytes(random, StandardCharsets.UTF_8);
        }
        if (kind < 15) {
            return randomBytes(random, StandardCharsets.ISO_8859_1);
        }
        StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            mutate(random, s, seeds);
        }
        return s.toString();
    }

    private static void mutate(SplittableRandom random, StringBuilder s, List<String> seeds) {
        int n = s.length();
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (random.nextInt(8)) {
            case 0 -> {
                if (n > 0) {
                    s.setCharAt(at, (char) (s.charAt(at) ^ (1 << random.nextInt(7))));
                }
            }
            case 1 -> s.insert(at, STRUCTURE.charAt(random.nextInt(STRUCTURE.length())));
            case 2 -> {
                if (n > 0) {
                    s.delete(at, Math.min(n, at + 1 + random.nextInt(16)));
                }
            }
            case 3 -> {
                if (n > 0) {
                    int end = Math.min(n, at + 1 + random.nextInt(64));
                    s.insert(at, s.substring(at, end));
                }
            }
            case 4 -> s.setLength(at);
            case 5 -> {
                String other = seeds.get(random.nextInt(seeds.size()));
                int from = other.isEmpty() ? 0 : random.nextInt(other.length());
                s.insert(at, other, from, Math.min(other.length(), from + 1 + random.nextInt(80)));
            }
            case 6 -> {
                if (n > 0) {
                    s.setCharAt(at, (char) random.nextInt(0x10000));
                }
            }
            default -> {
                String digits = Long.toString(random.nextLong());
                s.insert(at, digits);
            }
        }
    }

    private static String randomBytes(SplittableRandom random, java.nio.charset.Charset charset) {
        byte[] bytes = new byte[random.nextInt(200)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = (byte) '{';
        }
        return new String(bytes, charset);
    }

    /** The payload with control characters escaped, cut to 2,000 characters, for failure messages. */
    public static String escape(String payload) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < payload.length() && i < 2000; i++) {
            char c = payload.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
