package org.medsoc.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;
import org.medsoc.ingest.Receiver;
import org.medsoc.ingest.ReceiverStats;
import org.medsoc.ingest.pipeline.PipelineStats;
import org.medsoc.journal.JournalStats;

/**
 * Prometheus metrics of a node: per-receiver throughput and drops, journal appends and size, per-stage pipeline
 * throughput, lag and dead letters, store partitions, and JVM memory/GC/threads. Counters read the components' own
 * counters at scrape time; nothing is counted twice on the hot path.
 */
final class NodeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Node node;
    private JvmGcMetrics gc;

    NodeMetrics(Node node) {
        this.node = node;
    }

    /** Registers meters; called once the node's components exist. */
    void bind() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);

        for (Receiver r : node.receivers()) {
            receiverCounter(r, "medsoc_receiver_messages", "messages received", ReceiverStats::messages);
            receiverCounter(r, "medsoc_receiver_bytes", "bytes received", ReceiverStats::bytes);
            receiverCounter(r, "medsoc_receiver_dropped", "messages dropped (UDP only)", ReceiverStats::dropped);
            receiverCounter(r, "medsoc_receiver_truncated", "messages cut at the size limit", ReceiverStats::truncated);
            receiverCounter(r, "medsoc_receiver_errors", "receive errors", ReceiverStats::errors);
            Gauge.builder("medsoc_receiver_connections", r, x -> x.stats().connections())
                    .description("open connections")
                    .tag("receiver", r.name())
                    .register(registry);
        }
        journalCounter("medsoc_journal_appended_records", JournalStats::appendedRecords);
        journalCounter("medsoc_journal_appended_bytes", JournalStats::appendedBytes);
        journalCounter("medsoc_journal_fsyncs", JournalStats::fsyncs);
        journalCounter("medsoc_journal_full_rejections", JournalStats::fullRejections);
        journalCounter("medsoc_journal_corrupt_records_skipped", JournalStats::corruptRecordsSkipped);
        Gauge.builder("medsoc_journal_disk_bytes", node, n -> n.journal().stats().bytesOnDisk())
                .register(registry);

        pipelineCounter("medsoc_pipeline_records", "journal records taken", PipelineStats::records);
        pipelineCounter("medsoc_pipeline_parsed", "records parsed into events", PipelineStats::parsed);
        pipelineCounter("medsoc_pipeline_dead_letters", "records dead-lettered", PipelineStats::deadLettered);
        pipelineCounter("medsoc_pipeline_stored", "events written to the store", PipelineStats::stored);
        pipelineCounter("medsoc_pipeline_restamped", "events re-stamped for clock skew", PipelineStats::restamped);
        pipelineCounter("medsoc_pipeline_commits", "store commits", PipelineStats::commits);
        pipelineCounter("medsoc_pipeline_store_failures", "failed store writes (retried)", PipelineStats::failures);
        pipelineCounter("medsoc_pipeline_parse_seconds", "time spent parsing", s -> s.parseNanos() / 1e9);
        pipelineCounter("medsoc_pipeline_store_seconds", "time spent writing", s -> s.storeNanos() / 1e9);
        FunctionCounter.builder("medsoc_detect_alerts", node, n -> n.pipeline().alerts())
                .description("alerts produced by detection rules")
                .register(registry);
        Gauge.builder("medsoc_pipeline_lag_records", node, n -> n.pipeline().stats().lag())
                .description("records accepted but not yet stored")
                .register(registry);
        Gauge.builder("medsoc_store_partitions", node, n -> n.store().partitions().size())
                .register(registry);
        FunctionCounter.builder("medsoc_fields_refused", node, n -> org.medsoc.spi.event.Fields.refusedInterns())
                .description("field names dropped because they were invalid or the field registry's dynamic budget is used up")
                .register(registry);
        Gauge.builder("medsoc_fields_interned", node, n -> org.medsoc.spi.event.Fields.size())
                .description("distinct field names known to this process")
                .register(registry);
    }

    private void receiverCounter(Receiver r, String name, String help, ToDoubleFunction<ReceiverStats> f) {
        FunctionCounter.builder(name, r, x -> f.applyAsDouble(x.stats()))
                .description(help)
                .tag("receiver", r.name())
                .register(registry);
    }

    private void journalCounter(String name, ToDoubleFunction<JournalStats> f) {
        FunctionCounter.builder(name, node, n -> f.applyAsDouble(n.journal().stats())).register(registry);
    }

    private void pipelineCounter(String name, String help, ToDoubleFunction<PipelineStats> f) {
        FunctionCounter.builder(name, node, n -> f.applyAsDouble(n.pipeline().stats()))
                .description(help)
                .register(registry);
    }

    String scrape() {
        return registry.scrape();
    }
}
