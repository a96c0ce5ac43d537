package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs the SigmaHQ regression events against their rules with the identity field mapping. */
class SigmaRegressionTest {
    private static final Pattern RULE_ID = Pattern.compile("rule_metadata:\\s*\\n\\s*-\\s*id:\\s*([0-9a-f-]{36})");
    private static final Pattern ID_LINE = Pattern.compile("(?m)^id:\\s*([0-9a-f-]{36})\\s*$");

    /** Regression cases that cannot match with the identity mapping (case directory name), with the reason. */
    private static final Map<String, String> EXPECTED_MISSES = Map.of();

    @Test
    void everyRegressionEventMatchesItsRule() throws IOException {
        Path cases = SigmaTestData.shared("regression/rules");
        Path rules = SigmaTestData.shared("rules");
        assumeTrue(Files.isDirectory(cases) && Files.isDirectory(rules), "shared Sigma regression data absent");
        Map<String, Path> rulesById = new HashMap<>();
        try (Stream<Path> walk = Files.walk(rules)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".yml")).toList()) {
                Matcher m = ID_LINE.matcher(SigmaTestData.read(p));
                if (m.find()) {
                    rulesById.put(m.group(1), p);
                }
            }
        }
        List<Path> infos;
        try (Stream<Path> walk = Files.walk(cases)) {
            infos = walk.filter(p -> p.getFileName().toString().equals("info.yml")).sorted().toList();
        }
        TreeSet<String> misses = new TreeSet<>();
        List<String> details = new ArrayList<>();
        int matched = 0;
        for (Path info : infos) {
            String name = info.getParent().getFileName().toString();
            Matcher m = RULE_ID.matcher(SigmaTestData.read(info));
            assertThat(m.find()).as("rule id in " + info).isTrue();
            Path rulePath = rulesById.get(m.group(1));
            if (rulePath == null) {
                rulePath = findByName(rules, name + ".yml");
            }
            assertThat(rulePath).as("rule for " + info).isNotNull();
            CompiledRule rule = SigmaRules.compile(SigmaRules.parse(SigmaTestData.read(rulePath), rulePath.toString()));
            // sanity: a rule that fires on an empty event would make the positive check meaningless
            assertThat(rule.matches(JsonEventView.of("{}"))).as(rulePath + " on an empty event").isFalse();
            List<Path> events;
            try (Stream<Path> list = Files.list(info.getParent())) {
                events = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
            assertThat(events).as("events of " + name).isNotEmpty();
            // an evtx dump holds several events; the case passes when the rule fires on at least one of each file
            boolean all = true;
            for (Path event : events) {
                List<JsonEventView> views = JsonEventView.ofAll(SigmaTestData.read(event));
                assertThat(views).as(event.toString()).isNotEmpty();
                if (views.stream().noneMatch(rule::matches)) {
                    all = false;
                    details.add(name + " <- " + event.getFileName());
                }
            }
            if (all) {
                matched++;
            } else {
                misses.add(name);
            }
        }
        System.out.println("Sigma regression: " + matched + "/" + infos.size() + " cases match; misses " + details);
        assertThat(infos).isNotEmpty();
        assertThat(misses).isEqualTo(new TreeSet<>(EXPECTED_MISSES.keySet()));
    }

    private static Path findByName(Path rules, String fileName) throws IOException {
        try (Stream<Path> walk = Files.walk(rules)) {
            return walk.filter(p -> p.getFileName().toString().equals(fileName)).findFirst().orElse(null);
        }
    }
}
