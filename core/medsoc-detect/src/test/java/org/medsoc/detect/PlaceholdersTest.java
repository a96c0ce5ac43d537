package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsoc.common.Settings;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** {@code expand} placeholders: each file under {@code sigma/expand} is a rule plus x-match/x-nomatch events. */
class PlaceholdersTest {
    private static final Placeholders PLACEHOLDERS = Placeholders.fromSettings(Settings.of(Map.of(
            "detect.placeholder.admins", "adm_alice, root",
            "detect.placeholder.apps", "tool,helper,",
            "detect.placeholder.internal_nets", "10.0.0.0/8,172.16.0.0/12",
            "detect.placeholder.server_nets", "192.168.7.0/24",
            "detect.placeholder.empty", " , ",
            "detect.other", "ignored")));

    static Stream<String> cases() {
        return Stream.of("field", "embedded", "contains", "cidr", "all", "unresolved");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expandsPlaceholdersAsSpecified(String name) {
        String yaml = SigmaTestData.resource("expand/" + name + ".yml");
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse(yaml, name), FieldNameMapper.identity(), PLACEHOLDERS);
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
    void readsCommaSeparatedValuesFromSettings() {
        assertThat(PLACEHOLDERS.valuesOf("admins")).containsExactly("adm_alice", "root");
        assertThat(PLACEHOLDERS.valuesOf("apps")).containsExactly("tool", "helper");
        assertThat(PLACEHOLDERS.valuesOf("empty")).isEmpty();
        assertThat(PLACEHOLDERS.valuesOf("missing")).isEmpty();
        assertThat(PLACEHOLDERS.values()).doesNotContainKey("other").doesNotContainKey("detect.other");
        assertThat(Placeholders.none().values()).isEmpty();
    }

    @Test
    void unresolvedPlaceholderCompilesToAnItemMatchingNothingAndIsNamed() {
        SigmaRule parsed = SigmaRules.parse(SigmaTestData.resource("expand/field.yml"), "field");
        CompiledRule rule = SigmaRules.compile(parsed);
        assertThat(rule.unresolvedPlaceholders()).containsExactly("admins");
        assertThat(rule.matches(new MapEventView(Map.of("User", "root")))).isFalse();
        assertThat(rule.matches(new MapEventView(Map.of("User", "%admins%")))).isFalse();

        CompiledRule empty = SigmaRules.compile(SigmaRules.parse(
                "title: t\nlogsource: {product: x}\ndetection:\n  sel:\n    A|expand: ['%empty%', 'x']\n"
                + "  condition: sel\n", "e"), FieldNameMapper.identity(), PLACEHOLDERS);
        // a value list: the resolvable value still matches, the unresolved one contributes nothing
        assertThat(empty.unresolvedPlaceholders()).containsExactly("empty");
        assertThat(empty.matches(new MapEventView(Map.of("A", "x")))).isTrue();
    }

    @Test
    void detectorNamesUnresolvedPlaceholdersPerRule() {
        SigmaRule rule = SigmaRules.parse(SigmaTestData.resource("expand/unresolved.yml"), "unresolved.yml");
        Detector detector = Detector.create(List.of(rule), MappingPipeline.loadDefaults(), PLACEHOLDERS);
        assertThat(detector.ruleCount()).isEqualTo(1);
        assertThat(detector.unresolvedPlaceholders())
                .containsExactly(Map.entry("0b6c7e58-1111-4c3b-9a0e-00000000e001", java.util.Set.of("domain_admins")));

        Detector resolved = Detector.create(List.of(rule), MappingPipeline.loadDefaults(),
                Placeholders.fromSettings(Settings.of(Map.of("detect.placeholder.domain_admins", "DA_Eve"))));
        assertThat(resolved.unresolvedPlaceholders()).isEmpty();
        Event event = new Event(TenantId.DEFAULT, 0, "net user");
        event.put(Fields.WINLOG_CHANNEL, "Microsoft-Windows-Sysmon/Operational");
        event.put(Fields.WINLOG_EVENT_ID, "1");
        event.put(Fields.intern("winlog.event_data.Image"), "C:\\Windows\\System32\\net.exe");
        event.put(Fields.intern("winlog.event_data.User"), "da_eve");
        EventFieldsView view = new EventFieldsView(event);
        List<String> hits = new java.util.ArrayList<>();
        resolved.detect(event, view, r -> hits.add(r.rule().title()));
        assertThat(hits).isEmpty();
        event.put(Fields.intern("winlog.event_data.User"), "alice");
        resolved.detect(event, view, r -> hits.add(r.rule().title()));
        assertThat(hits).hasSize(1);
        detector.detect(event, view, r -> hits.add(r.rule().title()));
        assertThat(hits).hasSize(2);
    }
}
