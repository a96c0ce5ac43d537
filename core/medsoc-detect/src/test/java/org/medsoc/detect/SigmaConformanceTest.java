package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsoc.detect.sigma.ItemCompiler;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each file under {@code sigma/conformance} is a rule plus {@code x-match}/{@code x-nomatch} events (ignored by the
 * rule parser); every event is checked.
 */
class SigmaConformanceTest {
    static Stream<String> cases() {
        return Stream.of("wildcards", "positional", "lists", "keywords", "nulls", "regex", "numeric", "cidr",
                "windash", "fieldref", "neq", "time", "conditions", "them", "encodings", "n_of", "n_of_them");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAndRejectsAsSpecified(String name) {
        String yaml = SigmaTestData.resource("conformance/" + name + ".yml");
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse(yaml, name + ".yml"));
        Map<?, ?> doc = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        List<?> positives = (List<?>) doc.get("x-match");
        List<?> negatives = (List<?>) doc.get("x-nomatch");
        assertThat(positives).isNotEmpty();
        assertThat(negatives).isNotEmpty();
        for (Object event : positives) {
            assertThat(rule.matches(new MapEventView((Map<?, ?>) event))).as("should match: " + event).isTrue();
        }
        for (Object event : negatives) {
            assertThat(rule.matches(new MapEventView((Map<?, ?>) event))).as("should not match: " + event).isFalse();
        }
    }

    @Test
    void base64OffsetGivesTheThreeShiftedRenderings() {
        assertThat(ItemCompiler.base64Offsets("http".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("aHR0c", "h0dH", "odHRw");
        assertThat(ItemCompiler.base64Offsets("cmd".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("Y21k", "NtZ", "jbW");
    }

    @Test
    void abortsCatastrophicRegexAsNonMatchAndCountsIt() {
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel:\n    A|re: '(.*a){20}'\n  ok:\n    B|re: '^o+k$'\n"
                + "  condition: sel or ok\n", "re"));
        String evil = "a".repeat(100) + "!";
        assertThat(rule.matches(new MapEventView(Map.of("A", evil)))).isFalse();
        assertThat(rule.regexAborts()).isEqualTo(1);
        assertThat(rule.matches(new MapEventView(Map.of("A", "b", "B", "ook")))).isTrue();
        assertThat(rule.regexAborts()).isEqualTo(1);
    }

    @Test
    void derivesRequiredLiteralsAndFields() {
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse(
                SigmaTestData.resource("literals.yml"), "literals.yml"), field -> "mapped." + field);
        // the two OR branches share only the image literal
        assertThat(rule.requiredLiterals()).containsExactly("\\powershell.exe");
        assertThat(rule.fields()).containsExactlyInAnyOrder("mapped.Image", "mapped.CommandLine", "mapped.User",
                "mapped.ParentImage");
        assertThat(rule.matches(new MapEventView(Map.of("mapped.Image", "C:\\x\\PowerShell.exe",
                "mapped.CommandLine", "-ENC x -w hidden")))).isTrue();
    }

    @Test
    void andedContainsAllGivesEveryLiteral() {
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse("title: t\nlogsource: {product: x}\ndetection:\n"
                + "  sel:\n    A|startswith: 'Abc'\n    B|contains|all: [X1, Y2]\n  condition: sel\n", "and"));
        assertThat(rule.requiredLiterals()).containsExactlyInAnyOrder("abc", "x1", "y2");
    }

    @Test
    void orOfDifferentValuesDerivesNoLiteral() {
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel:\n    A: [x1, y2]\n  condition: sel\n", "or"));
        assertThat(rule.requiredLiterals()).isEmpty();
    }
}
