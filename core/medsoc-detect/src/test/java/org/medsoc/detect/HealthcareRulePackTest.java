package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsoc.detect.mapping.LogSourceKey;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * Runs every built-in rule against its cases in {@code src/test/resources/rules/<rule-file-stem>/}: each
 * {@code positive-*.json} must fire the rule (and no other built-in rule), each {@code negative-*.json} must not fire
 * it. Cases are flat JSON objects of medsoc field name to value, the shape of a normalised event. The detector is
 * built exactly as a node builds it — built-in rules, default mappings — with the placeholder values below.
 */
class HealthcareRulePackTest {
    /** Placeholder values of a fictitious hospital network, as an operator would configure them. */
    static final Placeholders PLACEHOLDERS = new Placeholders(Map.of(
            "clinical_workstation_networks", List.of("10.31.0.0/16", "10.32.0.0/16"),
            "his_database_servers", List.of("10.20.1.0/24"),
            "hl7_senders", List.of("10.20.5.10/32", "10.40.2.0/24"),
            "mllp_ports", List.of("6661", "6662"),
            "dicom_peers", List.of("10.20.2.0/24", "10.50.0.0/16"),
            "vendor_accounts", List.of("vendor-*", "ext_*"),
            "vendor_vpn_groups", List.of("vendors"),
            "imaging_shares", List.of("\\\\*\\ARCHIVE01")));

    private static Detector detector;
    private static Path cases;

    @BeforeAll
    static void buildDetector() throws URISyntaxException {
        RuleSets.Loaded builtin = RuleSets.builtin();
        assertThat(builtin.refused()).as("built-in rules that do not parse").isEmpty();
        detector = Detector.create(builtin.rules(), MappingPipeline.loadDefaults(), PLACEHOLDERS);
        assertThat(detector.refused()).as("built-in rules refused by the detector").isEmpty();
        assertThat(detector.ruleCount()).isEqualTo(builtin.rules().size());
        cases = Path.of(HealthcareRulePackTest.class.getResource("/rules").toURI());
    }

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path root = Path.of(HealthcareRulePackTest.class.getResource("/rules").toURI());
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                        out.add(Arguments.of(dir.getFileName().toString(), f.getFileName().toString()));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void positiveCasesFireOnlyTheirRuleAndNegativeCasesDoNotFireIt(String rule, String file) throws IOException {
        Event event = event(cases.resolve(rule).resolve(file));
        Set<String> fired = fire(event);
        if (file.startsWith("positive-")) {
            assertThat(fired).as("rules fired by %s/%s", rule, file).containsExactly(rule);
        } else {
            assertThat(file).startsWith("negative-");
            assertThat(fired).as("rules fired by %s/%s", rule, file).doesNotContain(rule);
        }
    }

    @Test
    void everyBuiltinRuleHasPositiveAndNegativeCases() throws IOException {
        List<String> listed = builtinFiles();
        assertThat(listed).hasSizeGreaterThanOrEqualTo(17);
        for (String file : listed) {
            String stem = file.substring(0, file.lastIndexOf('.'));
            Path dir = cases.resolve(stem);
            assertThat(dir).as("test cases of built-in rule " + file).isDirectory();
            try (Stream<Path> files = Files.list(dir)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                assertThat(names).as("cases of " + stem)
                        .anyMatch(n -> n.startsWith("positive-") && n.endsWith(".json"))
                        .anyMatch(n -> n.startsWith("negative-") && n.endsWith(".json"));
            }
        }
    }

    @Test
    void everyCaseDirectoryBelongsToABuiltinRule() throws IOException {
        Set<String> stems = new TreeSet<>();
        for (String file : builtinFiles()) {
            stems.add(file.substring(0, file.lastIndexOf('.')));
        }
        try (Stream<Path> dirs = Files.list(cases)) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .allSatisfy(name -> assertThat(stems).as("rule of case directory " + name).contains(name));
        }
    }

    @Test
    void everyFieldABuiltinRuleReadsIsMappedToAMedsocName() {
        MappingPipeline mappings = MappingPipeline.loadDefaults();
        for (SigmaRule rule : RuleSets.builtin().rules()) {
            SigmaRule.LogSource ls = rule.logsource();
            LogSourceKey key = new LogSourceKey(ls.product(), ls.category(), ls.service());
            CompiledRule compiled = SigmaRules.compile(rule, mappings.fieldNameMapper(key), PLACEHOLDERS);
            // medsoc names are dotted (ECS, medsoc.*, vendor prefixes); a bare Sigma name means a missing mapping
            assertThat(compiled.fields()).as("fields read by %s", rule.origin())
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f).contains("."));
        }
    }

    @Test
    void healthcareRulesCompileWithoutAnyPlaceholderConfigured() {
        Detector bare = Detector.create(RuleSets.builtin().rules(), MappingPipeline.loadDefaults());
        assertThat(bare.refused()).isEmpty();
    }

    @Test
    void placeholderRulesStayQuietWhenTheirNetworksAreNotConfigured() throws IOException {
        Detector bare = Detector.create(RuleSets.builtin().rules(), MappingPipeline.loadDefaults());
        Event event = event(cases.resolve("net_clinical_workstation_database_access")
                .resolve("positive-ward-pc-to-sqlserver.json"));
        List<String> fired = new ArrayList<>();
        bare.detect(event, new EventFieldsView(event), r -> fired.add(r.rule().origin()));
        assertThat(fired).isEmpty();
    }

    @Test
    void unregisteredSenderRulesReportEveryConnectionUntilSendersAreConfigured() throws IOException {
        Detector bare = Detector.create(RuleSets.builtin().rules(), MappingPipeline.loadDefaults());
        Event registered = event(cases.resolve("net_hl7_mllp_unregistered_sender")
                .resolve("negative-registered-lis-sender.json"));
        List<String> fired = new ArrayList<>();
        bare.detect(registered, new EventFieldsView(registered), r -> fired.add(stem(r.rule().origin())));
        assertThat(fired).containsExactly("net_hl7_mllp_unregistered_sender");
    }

    private static Set<String> fire(Event event) {
        Set<String> fired = new TreeSet<>();
        detector.detect(event, new EventFieldsView(event), r -> fired.add(stem(r.rule().origin())));
        return fired;
    }

    /** {@code builtin:his_bulk_patient_record_export.yml} → {@code his_bulk_patient_record_export}. */
    private static String stem(String origin) {
        String name = origin.startsWith("builtin:") ? origin.substring("builtin:".length()) : origin;
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<String> builtinFiles() throws IOException {
        try (InputStream in = RuleSets.class.getResourceAsStream("/rules/builtin/index.txt")) {
            assertThat(in).as("rules/builtin/index.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
    }

    /** A flat JSON object of field name to scalar value, as a normalised event. */
    static Event event(Path file) throws IOException {
        Event event = new Event(TenantId.DEFAULT, 0, Files.readString(file, StandardCharsets.UTF_8));
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                assertThat(value.isScalarValue()).as("%s: value of %s must be a scalar", file, name).isTrue();
                Field field = Fields.intern(name);
                assertThat(field).as("%s: field name %s", file, name).isNotNull();
                event.add(field, p.getText());
            }
        }
        return event;
    }
}
