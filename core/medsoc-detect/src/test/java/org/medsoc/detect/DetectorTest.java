package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class DetectorTest {
    private static SigmaRule rule(String resource) throws IOException {
        try (var in = DetectorTest.class.getResourceAsStream("/detector/" + resource)) {
            return SigmaRules.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        }
    }

    private static Event sysmon(String channel, String eventId, String image, String commandLine) {
        Event e = new Event(TenantId.DEFAULT, 0, commandLine);
        e.put(Fields.WINLOG_CHANNEL, channel);
        e.put(Fields.WINLOG_EVENT_ID, eventId);
        e.put(Fields.intern("winlog.event_data.Image"), image);
        e.put(Fields.intern("winlog.event_data.CommandLine"), commandLine);
        return e;
    }

    @Test
    void firesOnlyOnEventsOfTheRulesLogSourceAndRefusesUnmappedOnesWithAReason() throws IOException {
        Detector detector = Detector.create(
                List.of(rule("shadow_copy_deletion.yml"), rule("unmapped_source.yml")), MappingPipeline.loadDefaults());

        assertThat(detector.ruleCount()).isEqualTo(1);
        assertThat(detector.refused()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("7e6b1d5c-2b0e-4f8a-9a51-000000000002");
            assertThat(r.reason()).contains("no mapping for logsource").contains("no_such_product");
        });

        EventFieldsView view = new EventFieldsView(new Event(TenantId.DEFAULT, 0, ""));
        List<String> hits = new ArrayList<>();
        String sysmonChannel = "Microsoft-Windows-Sysmon/Operational";
        detector.detect(sysmon(sysmonChannel, "1", "C:\\Windows\\System32\\vssadmin.exe",
                "vssadmin.exe Delete Shadows /all /quiet"), view, r -> hits.add(r.rule().title()));
        assertThat(hits).containsExactly("Shadow Copies Deleted With Vssadmin (test rule)");

        hits.clear();
        // same command line, but a Sysmon network event (id 3): not process_creation, so the rule is not evaluated
        int evaluated = detector.detect(sysmon(sysmonChannel, "3", "C:\\Windows\\System32\\vssadmin.exe",
                "vssadmin.exe delete shadows /all"), view, r -> hits.add(r.rule().title()));
        assertThat(hits).isEmpty();
        assertThat(evaluated).isZero();

        // process creation, but a benign command
        detector.detect(sysmon(sysmonChannel, "1", "C:\\Windows\\System32\\vssadmin.exe", "vssadmin.exe list shadows"),
                view, r -> hits.add(r.rule().title()));
        assertThat(hits).isEmpty();
    }

    @Test
    void countsEvaluationsMatchesAndTimePerRuleAcrossReloads() throws IOException {
        Detector first = Detector.create(List.of(rule("shadow_copy_deletion.yml")), MappingPipeline.loadDefaults());
        String key = "7e6b1d5c-2b0e-4f8a-9a51-000000000001";
        assertThat(first.rules()).extracting(r -> RuleStatistics.key(r.rule())).containsExactly(key);
        EventFieldsView view = new EventFieldsView(new Event(TenantId.DEFAULT, 0, ""));
        String channel = "Microsoft-Windows-Sysmon/Operational";
        Event hit = sysmon(channel, "1", "C:\\Windows\\System32\\vssadmin.exe", "vssadmin.exe delete shadows /all");
        Event miss = sysmon(channel, "1", "C:\\Windows\\System32\\vssadmin.exe", "vssadmin.exe list shadows");
        Event otherSource = sysmon(channel, "3", "C:\\Windows\\System32\\vssadmin.exe", "vssadmin delete shadows");
        for (int i = 0; i < 200; i++) {
            first.detect(hit, view, r -> {});
            first.detect(miss, view, r -> {});
            first.detect(otherSource, view, r -> {});
        }
        RuleStatistics.Snapshot s = first.statistics().snapshot(key).orElseThrow();
        assertThat(s.evaluations()).isEqualTo(400);
        assertThat(s.matches()).isEqualTo(200);
        assertThat(s.nanos()).isPositive();

        // a reloaded rule set bound to the same statistics continues the counts
        Detector reloaded = Detector.create(List.of(rule("shadow_copy_deletion.yml")), MappingPipeline.loadDefaults())
                .withStatistics(first.statistics());
        reloaded.detect(hit, view, r -> {});
        assertThat(reloaded.statistics().snapshot(key).orElseThrow().matches()).isEqualTo(201);
        assertThat(reloaded.statistics().snapshots()).containsOnlyKeys(key);
        // a detector without shared statistics starts from zero
        Detector fresh = Detector.create(List.of(rule("shadow_copy_deletion.yml")), MappingPipeline.loadDefaults());
        assertThat(fresh.statistics().snapshot(key).orElseThrow().evaluations()).isZero();
    }
}
