package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class SigmaValidationTest {
    private static List<Problem> problems(String resource) {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> SigmaRules.parse(SigmaTestData.resource(resource), resource));
        assertThat(e).as(resource + " should be invalid").isNotNull();
        assertThat(e.errorCode().name()).isEqualTo("INVALID_RULE");
        return e.problems();
    }

    @Test
    void reportsEveryProblemAtOnceWithPaths() {
        List<Problem> problems = problems("invalid/many_problems.yml");
        assertThat(problems).extracting(Problem::path).containsExactly(
                "level",
                "detection.selection.Image|endswith|sometimes",
                "detection.selection.CommandLine|re",
                "detection.selection.DestinationIp|cidr",
                "detection.selection.Count|gt",
                "detection.condition");
        assertThat(problems.get(1).message()).contains("unknown modifier 'sometimes'");
        assertThat(problems.get(2).message()).contains("invalid regular expression");
        assertThat(problems.get(3).message()).contains("invalid CIDR '10.0.0.0/33'");
        assertThat(problems.get(4).message()).contains("needs a number, got 'many'");
        assertThat(problems.get(5).message()).contains("unknown search identifier 'filterr'").contains("position 18");
    }

    @Test
    void reportsMissingLogsourceAndDetection() {
        assertThat(problems("invalid/missing_parts.yml")).extracting(Problem::path)
                .containsExactly("logsource", "detection");
    }

    @Test
    void reportsMissingCondition() {
        assertThat(problems("invalid/missing_condition.yml")).extracting(Problem::path)
                .containsExactly("detection.condition");
    }

    @Test
    void reportsInvalidYaml() {
        List<Problem> problems = problems("invalid/bad_yaml.yml");
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst().message()).startsWith("not valid YAML");
    }

    @Test
    void reportsConditionSyntaxErrorWithPosition() {
        List<Problem> problems = problems("invalid/condition_syntax.yml");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("detection.condition");
            assertThat(p.message()).contains("missing ')'").contains("position 14");
        });
    }

    @Test
    void rejectsNOfLargerThanTheSelectedIdentifiers() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel_a:\n    A: x\n  sel_b:\n    B: y\n"
                + "  condition: 3 of sel_*\n", "n"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("detection.condition");
            assertThat(p.message()).contains("can never match").contains("only 2");
        });
    }

    @Test
    void rejectsZeroOf() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel_a:\n    A: x\n  condition: 0 of sel_*\n", "z"));
        assertThat(e.problems()).singleElement().extracting(Problem::message).asString().contains("'0 of'");
    }

    @Test
    void rejectsNullInsideAValueList() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel:\n    A: ['', null]\n  condition: sel\n", "n"));
        assertThat(e.problems()).singleElement().extracting(Problem::path).isEqualTo("detection.sel.A");
    }

    @Test
    void rejectsReSubModifierWithoutRe() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel:\n    A|i: x\n  condition: sel\n", "i"));
        assertThat(e.problems()).singleElement().extracting(Problem::message).asString().contains("sub-modifier");
    }

    @Test
    void rejectsStringModifiersOnRegex() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel:\n    A|re|contains: x\n  condition: sel\n", "r"));
        assertThat(e.problems()).singleElement().extracting(Problem::message).asString()
                .contains("'contains' cannot be combined with a regex modifier");
    }

    @Test
    void parseRefusesCorrelationDocumentsAndPointsToParseDocuments() {
        assertThatThrownBy(() -> SigmaRules.parse(SigmaTestData.resource("unsupported/correlation.yml"), "c"))
                .isInstanceOfSatisfying(UnsupportedRuleException.class,
                        e -> assertThat(e.reason()).contains("correlation").contains("parseDocuments"));
    }

    @Test
    void refusesRuleCollections() {
        assertThatThrownBy(() -> SigmaRules.parse(SigmaTestData.resource("unsupported/collection.yml"), "c"))
                .isInstanceOfSatisfying(UnsupportedRuleException.class,
                        e -> assertThat(e.reason()).contains("action: global"));
    }

    @Test
    void compilesPlaceholdersWithoutValuesAndNamesThem() {
        SigmaRule rule = SigmaRules.parse(SigmaTestData.resource("unsupported/expand.yml"), "expand");
        assertThat(SigmaRules.compile(rule).unresolvedPlaceholders()).containsExactly("Administrators");
    }

    @Test
    void expandWithoutPlaceholderIsPlainValue() {
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel:\n    A|expand: '100\\%'\n  condition: sel\n", "e"));
        assertThat(rule.matches(new MapEventView(java.util.Map.of("A", "100%")))).isTrue();
    }

    @Test
    void literalPercentWithoutExpandIsPlain() {
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel:\n    A: '%name%'\n  condition: sel\n", "p"));
        assertThat(rule.matches(new MapEventView(java.util.Map.of("A", "%NAME%")))).isTrue();
    }

    @Test
    void sigmaCheckClassifiesFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("a.yml"), SigmaTestData.resource("conformance/lists.yml"));
        java.nio.file.Files.writeString(dir.resolve("b.yml"), SigmaTestData.resource("unsupported/correlation.yml"));
        java.nio.file.Files.writeString(dir.resolve("c.yml"), SigmaTestData.resource("invalid/bad_yaml.yml"));
        java.nio.file.Files.writeString(dir.resolve("d.yml"), SigmaTestData.resource("unsupported/expand.yml"));
        java.nio.file.Files.writeString(dir.resolve("e.yml"), SigmaTestData.resource("unsupported/collection.yml"));
        java.nio.file.Files.writeString(dir.resolve("f.yml"), SigmaTestData.resource("filters/by_name.yml"));
        SigmaCheck.Report report = SigmaCheck.check(dir, FieldNameMapper.identity());
        // a, d and the rule of f compile; the correlation b and the filter of f count as compiled meta documents
        assertThat(report.summary()).isEqualTo("7 rules: 5 compiled, 1 unsupported, 1 invalid");
        assertThat(report.meta()).extracting(m -> m.file().getFileName().toString()).containsExactly("b.yml", "f.yml");
        assertThat(report.meta().get(0).document()).isInstanceOf(SigmaCorrelation.class);
        assertThat(report.meta().get(1).document()).isInstanceOf(SigmaFilter.class);
        assertThat(report.files()).extracting(f -> f.outcome().getClass().getSimpleName())
                .containsExactly("Compiled", "Invalid", "Compiled", "Unsupported", "Compiled");
    }
}
