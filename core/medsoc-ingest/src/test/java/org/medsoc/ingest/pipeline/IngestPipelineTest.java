package org.medsoc.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.detect.Detector;
import org.medsoc.detect.RuleSets;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.journal.Journal;
import org.medsoc.journal.JournalConfig;
import org.medsoc.parse.LogParser;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.store.lucene.LuceneEventStore;
import org.medsoc.store.lucene.LuceneStoreConfig;

/** The pipeline with a real journal, parser, detector and Lucene store. */
class IngestPipelineTest {
    private static final String SHADOW_DELETE = "{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\","
            + "\"event_id\":1,\"computer_name\":\"PACS-SRV-01\",\"event_data\":{\"Image\":"
            + "\"C:\\\\Windows\\\\System32\\\\vssadmin.exe\",\"CommandLine\":\"vssadmin.exe delete shadows /all /quiet\"}}}";

    @TempDir
    Path dir;

    private static RawMessage line(String text) {
        return new RawMessage(TenantId.of("hospital-a"), "http", "", System.currentTimeMillis(),
                text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deliversStoredAlertsToTheSinkAndHoldsTheBatchUntilTheSinkTakesThem() throws Exception {
        List<Event> delivered = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        try (LuceneEventStore store = LuceneEventStore.open(LuceneStoreConfig.defaults(dir.resolve("events")));
                Journal journal = Journal.open(JournalConfig.defaults(dir.resolve("journal")));
                IngestPipeline pipeline = new IngestPipeline(journal,
                        LogParser.create(List.of(), ZoneOffset.UTC, 65536), store, PipelineConfig.defaults())) {
            pipeline.detector(Detector.create(RuleSets.builtin().rules(), MappingPipeline.loadDefaults()));
            pipeline.alertSink(alerts -> {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("incident database unavailable (test)");
                }
                // the alerts are already in the store when the sink sees them
                store.refresh();
                for (Event a : alerts) {
                    assertThat(store.search(a.tenant(), EventQuery.all(Dataset.ALERTS, 10)).events())
                            .extracting(Event::id).contains(a.id());
                }
                delivered.addAll(alerts);
            });
            pipeline.start();
            long last = journal.appendDurably(List.of(line(SHADOW_DELETE), line("<13>Nov 25 08:00:00 host app: benign")));

            assertThat(pipeline.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
            assertThat(failuresLeft.get()).isNegative();
            assertThat(delivered).singleElement().satisfies(a -> {
                assertThat(a.tenant()).isEqualTo(TenantId.of("hospital-a"));
                assertThat(a.value(Fields.EVENT_KIND)).isEqualTo("signal");
                assertThat(a.value(Fields.RULE_NAME)).contains("Vssadmin");
            });
            assertThat(pipeline.stats().failures()).isEqualTo(2);
        }
    }

    @Test
    void enrichesParsedEventsBeforeDetectionButNotDeadLetters() throws Exception {
        List<Event> delivered = new CopyOnWriteArrayList<>();
        try (LuceneEventStore store = LuceneEventStore.open(LuceneStoreConfig.defaults(dir.resolve("events")));
                Journal journal = Journal.open(JournalConfig.defaults(dir.resolve("journal")));
                IngestPipeline pipeline = new IngestPipeline(journal,
                        LogParser.create(List.of(), ZoneOffset.UTC, 65536), store, PipelineConfig.defaults())) {
            pipeline.detector(Detector.create(RuleSets.builtin().rules(), MappingPipeline.loadDefaults()));
            pipeline.enrichers(List.of(e -> e.put(Fields.MEDSOC_BUSINESS_SYSTEM, "pacs")));
            pipeline.alertSink(delivered::addAll);
            pipeline.start();
            long last = journal.appendDurably(List.of(line(SHADOW_DELETE), line("<999>not syslog at all")));
            assertThat(pipeline.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
            pipeline.commit();
            store.refresh();
            assertThat(delivered).singleElement()
                    .satisfies(a -> assertThat(a.value(Fields.MEDSOC_BUSINESS_SYSTEM)).isEqualTo("pacs"));
            List<Event> dead = store.search(TenantId.of("hospital-a"), EventQuery.all(Dataset.DEAD_LETTERS, 10)).events();
            assertThat(dead).singleElement()
                    .satisfies(d -> assertThat(d.value(Fields.MEDSOC_BUSINESS_SYSTEM)).isNull());
        }
    }

    @Test
    void aCorrelationReplacesTheAlertsOfItsBaseRuleWithOneAlertNamingItsMembers() throws Exception {
        List<Event> delivered = new CopyOnWriteArrayList<>();
        String yaml;
        try (var in = IngestPipelineTest.class.getResourceAsStream("/pipeline/shadow_burst.yml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<org.medsoc.detect.SigmaRule> builtin = RuleSets.builtin().rules();
        org.medsoc.detect.Correlator correlator = org.medsoc.detect.Correlator.create(
                org.medsoc.detect.SigmaRules.parseDocuments(yaml, "shadow_burst.yml").correlations(), builtin,
                org.medsoc.detect.CorrelationLimits.defaults());
        assertThat(correlator.refused()).isEmpty();
        try (LuceneEventStore store = LuceneEventStore.open(LuceneStoreConfig.defaults(dir.resolve("events")));
                Journal journal = Journal.open(JournalConfig.defaults(dir.resolve("journal")));
                IngestPipeline pipeline = new IngestPipeline(journal,
                        LogParser.create(List.of(), ZoneOffset.UTC, 65536), store, PipelineConfig.defaults())) {
            pipeline.rules(new org.medsoc.detect.ActiveRules(
                    Detector.create(builtin, MappingPipeline.loadDefaults()), correlator));
            pipeline.alertSink(delivered::addAll);
            pipeline.start();
            long last = 0;
            for (int i = 0; i < 4; i++) {
                last = journal.appendDurably(List.of(line(SHADOW_DELETE)));
            }
            assertThat(pipeline.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        }
        // three deletions on PACS-SRV-01 make one correlation alert; the base rule raises none of its own
        assertThat(delivered).singleElement().satisfies(a -> {
            assertThat(a.value(Fields.RULE_ID)).isEqualTo("0d7f3b52-8f7e-4c1e-9a3b-5c2d6e7f8a90");
            assertThat(a.value(Fields.RULE_RULESET)).isEqualTo("sigma-correlation");
            assertThat(a.value(Fields.MEDSOC_ALERT_LEVEL)).isEqualTo("critical");
            assertThat(a.values(Alerts.MEMBERS)).hasSize(3);
            assertThat(a.value(Alerts.GROUP)).isEqualTo("Computer=PACS-SRV-01");
            assertThat(a.value(Alerts.VALUE)).isEqualTo("3");
        });
    }
}
