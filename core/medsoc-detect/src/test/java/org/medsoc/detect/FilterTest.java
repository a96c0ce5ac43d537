package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class FilterTest {
    private static final String SHADOW_ID = "7e6b1d5c-2b0e-4f8a-9a51-000000000001";

    private static SigmaRule shadowRule() throws IOException {
        try (var in = FilterTest.class.getResourceAsStream("/detector/shadow_copy_deletion.yml")) {
            return SigmaRules.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "shadow");
        }
    }

    private static SigmaFilter filter(String name) {
        return SigmaRules.parseDocuments(SigmaTestData.resource("filters/" + name), name).filters().getFirst();
    }

    private static Event process(String image, String commandLine, String user, String computer) {
        Event e = new Event(TenantId.DEFAULT, 0, commandLine);
        e.put(Fields.WINLOG_CHANNEL, "Microsoft-Windows-Sysmon/Operational");
        e.put(Fields.WINLOG_EVENT_ID, "1");
        e.put(Fields.intern("winlog.event_data.Image"), image);
        e.put(Fields.intern("winlog.event_data.CommandLine"), commandLine);
        e.put(Fields.intern("winlog.event_data.User"), user);
        e.put(Fields.intern("host.name"), computer);
        return e;
    }

    private static List<String> detect(Detector detector, Event event) {
        List<String> hits = new ArrayList<>();
        detector.detect(event, new EventFieldsView(event), r -> hits.add(r.rule().title()));
        return hits;
    }

    @Test
    void parsesAFilterDocument() {
        SigmaFilter f = filter("shadow_copy_backup_admin.yml");
        assertThat(f.title()).startsWith("Filter the backup");
        assertThat(f.rules()).containsExactly(SHADOW_ID);
        assertThat(f.logsource().category()).isEqualTo("process_creation");
        assertThat(f.detection().identifiers()).containsOnlyKeys("selection");
        assertThat(f.detection().conditions()).containsExactly("selection");
    }

    @Test
    void filterRemovesTheFalsePositiveAndKeepsTheTruePositive() throws IOException {
        Detector detector = Detector.create(List.of(shadowRule()), List.of(filter("shadow_copy_backup_admin.yml")),
                MappingPipeline.loadDefaults(), Placeholders.none());
        assertThat(detector.refused()).isEmpty();
        String vss = "C:\\Windows\\System32\\vssadmin.exe";
        assertThat(detect(detector, process(vss, "vssadmin delete shadows /all", "svc_backup01", "SRV1"))).isEmpty();
        assertThat(detect(detector, process(vss, "vssadmin delete shadows /all", "mallory", "SRV1"))).hasSize(1);

        Detector unfiltered = Detector.create(List.of(shadowRule()), MappingPipeline.loadDefaults());
        assertThat(detect(unfiltered, process(vss, "vssadmin delete shadows /all", "svc_backup01", "SRV1")))
                .hasSize(1);
    }

    @Test
    void filterNamingAnUnknownRuleIsRefused() throws IOException {
        Detector detector = Detector.create(List.of(shadowRule()), List.of(filter("unknown_rule.yml")),
                MappingPipeline.loadDefaults(), Placeholders.none());
        assertThat(detector.ruleCount()).isEqualTo(1);
        assertThat(detector.refused()).singleElement().satisfies(r -> {
            assertThat(r.rule()).endsWith("unknown_rule.yml");
            assertThat(r.reason()).contains("no_such_rule").contains("not loaded");
        });
    }

    @Test
    void filterReferencesARuleByNameInTheSameFileAndMapsItsFields() {
        SigmaDocuments docs = SigmaRules.parseDocuments(SigmaTestData.resource("filters/by_name.yml"), "by_name.yml");
        assertThat(docs.rules()).singleElement().satisfies(r -> assertThat(r.name()).isEqualTo("net_use"));
        assertThat(docs.filters()).hasSize(1);
        Detector detector = Detector.create(docs.rules(), docs.filters(), MappingPipeline.loadDefaults(),
                Placeholders.none());
        assertThat(detector.refused()).isEmpty();
        String net = "C:\\Windows\\System32\\net.exe";
        // Computer maps to host.name through the windows mapping
        assertThat(detect(detector, process(net, "net use", "u", "IT-LAPTOP7"))).isEmpty();
        assertThat(detect(detector, process(net, "net use", "u", "WARD3-PC"))).hasSize(1);
    }

    @Test
    void invalidFilterReportsEveryProblem() {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> SigmaRules.parseDocuments(SigmaTestData.resource("filters/invalid.yml"), "invalid.yml"));
        assertThat(e.problems()).extracting(Problem::path)
                .contains("filter.rules", "filter.selection.User|nosuchmodifier", "filter.condition");
    }
}
