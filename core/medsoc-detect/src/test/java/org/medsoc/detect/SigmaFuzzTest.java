package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded mutation fuzz of rule YAML: only the two documented exceptions may escape parse and compile. */
class SigmaFuzzTest {
    private static final String ALPHABET = "|*?\\:-'\"[]{}()\n #%&!,.0123456789aznot";
    private static final List<String> SEEDS = List.of("conformance/wildcards.yml", "conformance/positional.yml",
            "conformance/encodings.yml", "conformance/regex.yml", "conformance/conditions.yml",
            "conformance/cidr.yml", "conformance/fieldref.yml", "conformance/time.yml", "invalid/many_problems.yml",
            "unsupported/expand.yml", "literals.yml");

    @Test
    void mutatedRulesOnlyFailWithValidationOrUnsupported() {
        List<String> seeds = SEEDS.stream().map(SigmaTestData::resource).toList();
        SplittableRandom random = new SplittableRandom(0x5167A);
        EventView event = new MapEventView(Map.of("A", "prog1.exe", "Image", "c:\\x\\cmd.exe", "Ip", "10.1.2.3"));
        int compiled = 0;
        int rejected = 0;
        for (int i = 0; i < 10_000; i++) {
            String yaml = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                CompiledRule rule = SigmaRules.compile(SigmaRules.parse(yaml, "fuzz-" + i));
                rule.matches(event);
                rule.requiredLiterals();
                compiled++;
            } catch (ValidationException e) {
                assertThat(e.problems()).isNotEmpty();
                rejected++;
            } catch (UnsupportedRuleException e) {
                assertThat(e.reason()).isNotBlank();
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("iteration " + i + " escaped with " + e + " on:\n" + yaml, e);
            }
        }
        assertThat(compiled).isPositive();
        assertThat(rejected).isPositive();
    }

    private static String mutate(String seed, SplittableRandom random) {
        StringBuilder b = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(5)) {
                case 0 -> b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> b.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> b.deleteCharAt(at);
                case 3 -> b.setLength(at);
                default -> b.setCharAt(at, (char) random.nextInt(0x3000));
            }
        }
        return b.toString();
    }
}
