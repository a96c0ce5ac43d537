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

    @Test
    void prefilterKeysRegexBase64AndLateFieldsWithoutHidingMatches() throws IOException {
        List<SigmaRule> rules = List.of(rule("prefilter_regex.yml"), rule("prefilter_base64.yml"),
                rule("prefilter_late_field.yml"));
        Detector detector = Detector.create(rules, MappingPipeline.loadDefaults());
        assertThat(detector.rules()).allSatisfy(r -> assertThat(r.anyOfLiterals()).as("keys of %s", r).isNotEmpty());
        String channel = "Microsoft-Windows-Sysmon/Operational";
        // evaluate once while the field does not exist, then intern it (as a parser loaded later would): the rule's
        // field lookup must not remember the miss
        assertThat(Fields.find("winlog.event_data.PrefilterLateField")).isEmpty();
        Event before = sysmon(channel, "1", "C:\\p.exe", "kelvin p.exe");
        EventFieldsView early = new EventFieldsView(before);
        for (CompiledRule r : detector.rules()) {
            assertThat(r.matches(early)).isFalse();
        }
        List<String> none = new ArrayList<>();
        detector.detect(before, early, r -> none.add(r.rule().id()));
        assertThat(none).isEmpty();
        var late = Fields.intern("winlog.event_data.PrefilterLateField");
        String encoded = java.util.Base64.getEncoder().encodeToString("x IEX (New-Object Net.WebClient)".getBytes(
                StandardCharsets.UTF_8));
        Event regex = sysmon(channel, "1", "C:\\p.exe", "powershell INVOKE-Expression (x).DownloadString('u')");
        Event base64 = sysmon(channel, "1", "C:\\p.exe", "powershell -enc " + encoded);
        Event base64Lower = sysmon(channel, "1", "C:\\p.exe", "powershell -enc " + encoded.toLowerCase(
                java.util.Locale.ROOT));
        Event lateField = sysmon(channel, "1", "C:\\p.exe", "p.exe");
        lateField.add(late, "nothing here");
        lateField.add(late, "KeLvIn sign"); // the second value of a multi-valued field, other case
        Event benign = sysmon(channel, "1", "C:\\p.exe", "powershell Invoke-Expression $x");

        EventFieldsView view = new EventFieldsView(new Event(TenantId.DEFAULT, 0, ""));
        List<String> hits = new ArrayList<>();
        for (Event e : List.of(regex, base64, base64Lower, lateField, benign)) {
            List<String> naive = new ArrayList<>();
            view.reset(e);
            for (CompiledRule r : detector.rules()) {
                if (r.matches(view)) {
                    naive.add(r.rule().id());
                }
            }
            List<String> indexed = new ArrayList<>();
            detector.detect(e, view, r -> indexed.add(r.rule().id()));
            assertThat(indexed).containsExactlyInAnyOrderElementsOf(naive);
            hits.addAll(indexed);
        }
        assertThat(hits).containsExactly("7e6b1d5c-2b0e-4f8a-9a51-000000000011", "7e6b1d5c-2b0e-4f8a-9a51-000000000012",
                "7e6b1d5c-2b0e-4f8a-9a51-000000000013");
    }
}
