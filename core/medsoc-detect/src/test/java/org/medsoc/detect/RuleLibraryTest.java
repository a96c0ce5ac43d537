package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class RuleLibraryTest {
    private static final String SHADOW = "7e6b1d5c-2b0e-4f8a-9a51-000000000001";
    private static final String UNMAPPED = "7e6b1d5c-2b0e-4f8a-9a51-000000000002";

    @TempDir
    Path state;

    private final List<ActiveRules> published = new ArrayList<>();
    private final MappingPipeline mappings = MappingPipeline.loadDefaults();

    private static String resource(String name) throws IOException {
        try (var in = RuleLibraryTest.class.getResourceAsStream("/detector/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private RuleLibrary open() {
        return RuleLibrary.open(state, true, List.of(), mappings, published::add);
    }

    private static Event vssadminDelete() {
        Event e = new Event(TenantId.DEFAULT, 0, "vssadmin.exe delete shadows /all /quiet");
        e.put(Fields.WINLOG_CHANNEL, "Microsoft-Windows-Sysmon/Operational");
        e.put(Fields.WINLOG_EVENT_ID, "1");
        e.put(Fields.intern("winlog.event_data.Image"), "C:\\Windows\\System32\\vssadmin.exe");
        e.put(Fields.intern("winlog.event_data.CommandLine"), "vssadmin.exe delete shadows /all /quiet");
        return e;
    }

    private static List<String> fired(Detector d, Event e) {
        List<String> ids = new ArrayList<>();
        d.detect(e, new EventFieldsView(e), r -> ids.add(RuleStatistics.key(r.rule())));
        return ids;
    }

    @BeforeEach
    void clear() {
        published.clear();
    }

    @Test
    void listsTheBuiltInRulesEnabledWithTheirSourceAndText() {
        RuleLibrary library = open();
        assertThat(published).hasSize(1);
        List<RuleLibrary.Entry> entries = library.list();
        assertThat(entries).isNotEmpty().allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("builtin");
            assertThat(e.enabled()).isTrue();
            assertThat(e.refusal()).isNull();
            assertThat(library.text(e.key())).get().asString().contains("detection:");
        });
        assertThat(library.detector().ruleCount()).isEqualTo(entries.size());
    }

    @Test
    void uploadsAPackThatFiresAtOnceAndReportsItsUnrunnableRules() throws IOException {
        RuleLibrary library = open();
        int builtin = library.detector().ruleCount();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("windows/shadow.yml", resource("shadow_copy_deletion.yml"));
        files.put("unmapped.yml", resource("unmapped_source.yml"));

        RuleLibrary.UploadResult result = library.upload("acme-pack", files);

        assertThat(result.rules()).isEqualTo(2);
        assertThat(result.refused()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(UNMAPPED);
            assertThat(r.reason()).contains("no mapping for logsource");
        });
        assertThat(published).hasSize(2);
        Detector now = published.getLast().detector();
        assertThat(now.ruleCount()).isEqualTo(builtin + 1);
        assertThat(fired(now, vssadminDelete())).contains(SHADOW);
        assertThat(library.find(UNMAPPED)).get().satisfies(e -> {
            assertThat(e.source()).isEqualTo("pack:acme-pack");
            assertThat(e.refusal()).contains("no mapping for logsource");
        });
        assertThat(library.packs()).containsExactly("acme-pack");
        assertThat(state.resolve("packs/acme-pack/windows/shadow.yml")).exists();
        // survives a restart
        assertThat(open().find(SHADOW)).get().extracting(RuleLibrary.Entry::enabled).isEqualTo(true);
    }

    @Test
    void anInvalidFileRejectsTheWholeUploadListingEveryProblem() throws IOException {
        RuleLibrary library = open();
        library.upload("p", Map.of("shadow.yml", resource("shadow_copy_deletion.yml")));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("ok.yml", resource("unmapped_source.yml"));
        files.put("broken.yml", "title: x\nlogsource: {product: windows}\n");
        files.put("../escape.yml", resource("unmapped_source.yml"));
        files.put("notes.txt", "hello");

        assertThatThrownBy(() -> library.upload("p", files))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(DetectErrorCode.RULE_PACK_INVALID.toErrorCode()))
                .hasMessageContaining("3 file(s) invalid")
                .hasMessageContaining("broken.yml")
                .hasMessageContaining("../escape.yml: not a safe relative")
                .hasMessageContaining("notes.txt");
        // the previous content of the pack is untouched
        assertThat(library.find(SHADOW)).isPresent();
        assertThat(library.find(UNMAPPED)).isEmpty();
        assertThat(state.resolve("packs/p/shadow.yml")).exists();
        assertThatThrownBy(() -> library.upload("../x", Map.of("a.yml", "")))
                .hasMessageContaining("rule pack name");
    }

    @Test
    void disablingARuleTakesItOutOfTheDetectorAndIsRemembered() throws IOException {
        RuleLibrary library = open();
        library.upload("p", Map.of("shadow.yml", resource("shadow_copy_deletion.yml")));
        assertThat(fired(library.detector(), vssadminDelete())).contains(SHADOW);

        RuleLibrary.Entry entry = library.enable(SHADOW, false);

        assertThat(entry.enabled()).isFalse();
        assertThat(fired(published.getLast().detector(), vssadminDelete())).doesNotContain(SHADOW);
        assertThat(open().find(SHADOW)).get().extracting(RuleLibrary.Entry::enabled).isEqualTo(false);
        assertThat(library.enable(SHADOW, true).enabled()).isTrue();
        assertThat(fired(library.detector(), vssadminDelete())).contains(SHADOW);
        assertThatThrownBy(() -> library.enable("no-such-rule", false))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(DetectErrorCode.RULE_NOT_FOUND.toErrorCode()));
    }

    @Test
    void countersContinueAcrossReloadsAndChanges() throws IOException {
        RuleLibrary library = open();
        library.upload("p", Map.of("shadow.yml", resource("shadow_copy_deletion.yml")));
        fired(library.detector(), vssadminDelete());
        library.reload();
        fired(library.detector(), vssadminDelete());
        assertThat(library.find(SHADOW).orElseThrow().counters().matches()).isEqualTo(2);
        assertThat(library.find(SHADOW).orElseThrow().counters().evaluations()).isEqualTo(2);
    }

    @Test
    void aDuplicateRuleIdIsTakenOnceAndReported() throws IOException {
        RuleLibrary library = open();
        library.upload("a", Map.of("shadow.yml", resource("shadow_copy_deletion.yml")));
        library.upload("b", Map.of("copy.yml", resource("shadow_copy_deletion.yml")));
        assertThat(library.list()).filteredOn(e -> e.key().equals(SHADOW)).singleElement()
                .extracting(RuleLibrary.Entry::source).isEqualTo("pack:a");
        assertThat(library.unreadable()).anySatisfy(r -> assertThat(r.reason()).contains("already defined"));
        library.deletePack("a");
        assertThat(library.find(SHADOW)).get().extracting(RuleLibrary.Entry::source).isEqualTo("pack:b");
        assertThatThrownBy(() -> library.deletePack("a")).hasMessageContaining("no rule pack is named 'a'");
        assertThat(Files.exists(state.resolve("packs/a"))).isFalse();
    }

    @Test
    void loadsCorrelationsOfAPackAndListsThemWithTheirState() throws IOException {
        RuleLibrary library = open();
        RuleLibrary.UploadResult r = library.upload("c", Map.of(
                "shadow.yml", resource("shadow_copy_deletion.yml"),
                "burst.yml", resource("shadow_burst_correlation.yml")));
        assertThat(r.rules()).isEqualTo(2);
        assertThat(r.refused()).isEmpty();
        String corr = "7e6b1d5c-2b0e-4f8a-9a51-0000000000c1";
        ActiveRules active = published.getLast();
        assertThat(active.correlator().correlations()).extracting(SigmaCorrelation::id).containsExactly(corr);
        assertThat(library.find(corr)).get().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("correlation");
            assertThat(e.logsource()).isEqualTo("correlation/event_count");
            assertThat(e.correlation()).isNotNull();
            assertThat(e.correlation().matches()).isZero();
        });
        // the base rule only feeds the correlation (generate: false), the correlation fires on the second match
        Event e = vssadminDelete();
        e.put(Fields.HOST_NAME, "PACS-SRV-01");
        List<CorrelationMatch> matches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            active.detector().detect(e, new EventFieldsView(e), rule -> {
                // the built-in vssadmin rule fires too and keeps its own alerts; the pack rule feeds the correlation
                boolean referenced = SHADOW.equals(rule.rule().id());
                assertThat(active.correlator().generatesOwnAlerts(rule)).isEqualTo(!referenced);
                active.correlator().observe(rule, e, matches::add);
            });
        }
        assertThat(matches).singleElement().satisfies(m -> assertThat(m.correlation().id()).isEqualTo(corr));
        assertThat(library.find(corr).orElseThrow().correlation().matches()).isEqualTo(1);
        // disabling the correlation gives the base rule its own alerts back
        library.enable(corr, false);
        assertThat(published.getLast().correlator().correlations()).isEmpty();
    }

    @Test
    void newPlaceholderValuesRebuildTheRuleSetWithoutARestart() {
        RuleLibrary library = open();
        String imaging = "7a5fde79-30db-42ad-b042-48cb47315971"; // ransomware file activity on imaging shares
        assertThat(library.detector().unresolvedPlaceholders()).containsKey(imaging);
        int before = published.size();

        library.placeholders(new Placeholders(Map.of("imaging_shares", List.of("\\\\pacs-nas\\images*"))));

        assertThat(published).hasSize(before + 1);
        assertThat(published.getLast().detector().unresolvedPlaceholders()).doesNotContainKey(imaging);
        assertThat(library.placeholders().valuesOf("imaging_shares")).containsExactly("\\\\pacs-nas\\images*");
    }
}
