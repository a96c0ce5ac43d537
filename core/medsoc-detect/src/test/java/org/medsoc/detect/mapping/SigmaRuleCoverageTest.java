package org.medsoc.detect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * How many rules of the SigmaHQ rule set (shared/sigma/rules, when present) have a log-source mapping. Figures
 * measured when the mappings were written: 3,100 of 3,141 rules (98.7 %) have a mapped logsource, and 3,099 of those
 * have every detection field mapped (Windows, cloud and Zeek fields map by prefix or identity, so a mapped name is
 * not a promise that a parser fills it). The floors below keep the figures from regressing.
 */
class SigmaRuleCoverageTest {
    private static final System.Logger LOG = System.getLogger(SigmaRuleCoverageTest.class.getName());
    /** Per-mille of rules whose logsource is mapped; raise it when mappings are added. */
    private static final int MIN_COVERAGE_PER_MILLE = 980;
    /** Per-mille of rules with a mapped logsource whose every detection field maps to medsoc fields. */
    private static final int MIN_FIELD_COVERAGE_PER_MILLE = 995;

    @Test
    void mapsTheLogSourcesOfMostSigmaRules() throws IOException {
        Path rules = Path.of(System.getProperty("medsoc.shared", "../../../shared"), "sigma", "rules");
        Assumptions.assumeTrue(Files.isDirectory(rules), "no Sigma rule set at " + rules.toAbsolutePath());
        MappingPipeline pipeline = MappingPipeline.loadDefaults();
        Map<LogSourceKey, Integer> unmapped = new HashMap<>();
        Map<String, Integer> unmappedFields = new HashMap<>();
        int total = 0;
        int mapped = 0;
        int fullyMapped = 0;
        int unreadable = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(rules)) {
            files = walk.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        Load load = new Load(LoadSettings.builder().build());
        for (Path file : files) {
            Map<?, ?> rule = rule(load, file);
            LogSourceKey key = rule == null ? null : logSource(rule);
            if (key == null) {
                unreadable++;
                continue;
            }
            total++;
            if (pipeline.logSource(key).isPresent()) {
                mapped++;
                boolean all = true;
                for (String field : detectionFields(rule)) {
                    if (pipeline.fieldsFor(key, field).isEmpty()) {
                        all = false;
                        unmappedFields.merge(key + " " + field, 1, Integer::sum);
                    }
                }
                if (all) {
                    fullyMapped++;
                }
            } else {
                unmapped.merge(key, 1, Integer::sum);
            }
        }
        StringBuilder report = new StringBuilder()
                .append(String.format("Sigma logsource coverage: %d of %d rules mapped (%.1f %%), %d files without"
                        + " a readable logsource; top unmapped:", mapped, total, 100.0 * mapped / total, unreadable));
        unmapped.entrySet().stream()
                .sorted(Map.Entry.<LogSourceKey, Integer>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().toString()))
                .limit(25)
                .forEach(e -> report.append("\n  ").append(e.getValue()).append("  ").append(e.getKey()));
        report.append(String.format("%nrules with a mapped logsource whose every detection field maps: %d of %d"
                + " (%.1f %%); top unmapped fields:", fullyMapped, mapped, 100.0 * fullyMapped / mapped));
        unmappedFields.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(15)
                .forEach(e -> report.append("\n  ").append(e.getValue()).append("  ").append(e.getKey()));
        LOG.log(System.Logger.Level.INFO, report);

        assertThat(total).isGreaterThan(1000);
        assertThat(mapped * 1000L / total).as(report.toString()).isGreaterThanOrEqualTo(MIN_COVERAGE_PER_MILLE);
        assertThat(fullyMapped * 1000L / mapped).as(report.toString())
                .isGreaterThanOrEqualTo(MIN_FIELD_COVERAGE_PER_MILLE);
        // the biggest families must all be mapped
        assertThat(unmapped).doesNotContainKeys(
                LogSourceKey.of("windows", "process_creation", null),
                LogSourceKey.of("windows", "registry_set", null),
                LogSourceKey.of("windows", "file_event", null),
                LogSourceKey.of("windows", "ps_script", null),
                LogSourceKey.of("windows", null, "security"),
                LogSourceKey.of("linux", "process_creation", null),
                LogSourceKey.of(null, "proxy", null),
                LogSourceKey.of(null, "webserver", null));
    }

    private static @Nullable Map<?, ?> rule(Load load, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return load.loadAllFromString(text).iterator().next() instanceof Map<?, ?> rule ? rule : null;
        } catch (YamlEngineException | java.util.NoSuchElementException e) {
            return null;
        }
    }

    private static @Nullable LogSourceKey logSource(Map<?, ?> rule) {
        if (!(rule.get("logsource") instanceof Map<?, ?> ls)) {
            return null;
        }
        return LogSourceKey.of(text(ls.get("product")), text(ls.get("category")), text(ls.get("service")));
    }

    /** Field names of a rule's detection (modifiers cut off; keyword lists have none). */
    private static Set<String> detectionFields(Map<?, ?> rule) {
        Set<String> fields = new TreeSet<>();
        if (rule.get("detection") instanceof Map<?, ?> detection) {
            for (Map.Entry<?, ?> e : detection.entrySet()) {
                if (!"condition".equals(e.getKey()) && !"timeframe".equals(e.getKey())) {
                    collect(e.getValue(), fields);
                }
            }
        }
        return fields;
    }

    private static void collect(@Nullable Object o, Set<String> fields) {
        if (o instanceof Map<?, ?> map) {
            for (Object k : map.keySet()) {
                String key = String.valueOf(k);
                int bar = key.indexOf('|');
                String field = bar >= 0 ? key.substring(0, bar) : key;
                if (!field.isEmpty()) {
                    fields.add(field);
                }
            }
        } else if (o instanceof List<?> list) {
            for (Object item : list) {
                collect(item, fields);
            }
        }
    }

    private static @Nullable String text(@Nullable Object o) {
        return o == null ? null : o.toString();
    }
}
