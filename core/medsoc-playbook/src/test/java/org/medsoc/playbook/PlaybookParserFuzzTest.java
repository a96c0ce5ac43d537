package org.medsoc.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over valid playbooks (byte flips, inserts, deletions, truncations, spliced YAML tokens):
 * the parser either accepts a definition or throws {@link PlaybookValidationException} with at least one problem;
 * nothing else escapes.
 */
class PlaybookParserFuzzTest {
    private static final List<String> SEEDS = List.of(
            "playbooks/contain-ransomware.yml", "playbooks/run/notify-http.yml", "playbooks/run/approval.yml",
            "playbooks/run/scheduled.yml", "playbooks/invalid/many-problems.yml");
    private static final String[] TOKENS = {"{{", "}}", ": ", "\n  - ", "[", "]", "{", "}", "&a ", "*a", "!!binary ",
        "'", "\"", "#", "\t", "- id: x\n", "timeout: ", "steps.", "trigger.", "0x", "-1", "9999999999", "~"};

    @Test
    void onlyValidationErrorsEscape() {
        Random random = new Random(20261125L);
        List<byte[]> seeds = SEEDS.stream().map(s -> Resources.text(s).getBytes(StandardCharsets.UTF_8)).toList();
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 6_000; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            String input = new String(mutate(seed, random), StandardCharsets.UTF_8);
            try {
                Playbook p = PlaybookParser.parse(input, "fuzz-" + i);
                assertThat(p.steps()).isNotEmpty();
                accepted++;
            } catch (PlaybookValidationException e) {
                assertThat(e.problems()).isNotEmpty();
                rejected++;
            }
        }
        assertThat(accepted).as("some mutants stay valid").isPositive();
        assertThat(rejected).as("most mutants are invalid").isPositive();
    }

    private static byte[] mutate(byte[] input, Random random) {
        byte[] out = input;
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && out.length > 0; r++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(5)) {
                case 0 -> {
                    out = out.clone();
                    out[at] = (byte) random.nextInt(256);
                }
                case 1 -> out = splice(out, at, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                case 2 -> out = splice(out, at, Math.min(out.length, at + 1 + random.nextInt(20)), new byte[0]);
                case 3 -> out = java.util.Arrays.copyOf(out, at);
                default -> {
                    byte[] noise = new byte[1 + random.nextInt(8)];
                    random.nextBytes(noise);
                    out = splice(out, at, at, noise);
                }
            }
        }
        return out;
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }
}
