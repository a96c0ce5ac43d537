package org.medsoc.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.store.FSDirectory;
import org.medsoc.parse.LogParser;
import org.medsoc.parse.ParseOutcome;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;
import org.medsoc.store.lucene.internal.EventDocuments;
import org.medsoc.store.lucene.internal.LogAnalyzer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The store's write path without commits, in events per second: 1,000 FortiGate traffic events as the parser makes
 * them (about 20 normalised fields plus about 25 {@code fortinet.*} vendor originals, varied addresses, ports and
 * users) turned into Lucene documents ({@code build}), and turned into documents and added to an index writer
 * configured like the store's ({@code index}: LogAnalyzer, BEST_COMPRESSION, 64 MB buffer; segments are flushed as the
 * buffer fills, never committed). {@code impl=medsoc} is the store's {@code EventDocuments};
 * {@code impl=previous} is {@link PreviousEventDocuments}, the builder before keyword values were cut from the stored
 * source's bytes. The setup checks that both builders make the same documents field for field.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector"})
public class EventDocumentsBenchmark {
    private static final int BATCH = 1_000;

    @Param({"medsoc", "previous"})
    public String impl;

    private List<Event> events;
    private String[] ids;
    private BiFunction<Event, String, Document> builder;
    private Path directory;
    private IndexWriter writer;

    @Setup(Level.Trial)
    public void setUp() {
        LogParser parser = LogParser.create(List.of(), ZoneId.of("Asia/Shanghai"), 64 * 1024);
        events = new ArrayList<>(BATCH);
        ids = new String[BATCH];
        int i = 0;
        for (Event generated : StoreWriteBenchmark.firewallEvents(BATCH, 42)) {
            byte[] line = generated.original().getBytes(StandardCharsets.UTF_8);
            ParseOutcome outcome = parser.parse(
                    new RawMessage(TenantId.DEFAULT, "syslog-udp:514", "10.0.0.1", 1_795_600_800_000L + i, line));
            if (!(outcome instanceof ParseOutcome.Parsed)) {
                throw new IllegalStateException("the parser dead-lettered a generated FortiGate line: " + generated);
            }
            events.add(outcome.event());
            ids[i] = "bench-" + i;
            i++;
        }
        EventDocuments current = new EventDocuments(new AtomicLong());
        PreviousEventDocuments previous = new PreviousEventDocuments(new AtomicLong());
        for (int k = 0; k < BATCH; k++) {
            String a = describe(current.toDocument(events.get(k), ids[k]));
            String b = describe(previous.toDocument(events.get(k), ids[k]));
            if (!a.equals(b)) {
                throw new IllegalStateException("the builders disagree on event " + k + ":\n" + a + "\n" + b);
            }
        }
        builder = impl.equals("medsoc") ? current::toDocument : previous::toDocument;
    }

    @Setup(Level.Iteration)
    public void openWriter() throws IOException {
        directory = Files.createTempDirectory("medsoc-documents-bench");
        IndexWriterConfig c = new IndexWriterConfig(new LogAnalyzer());
        c.setCodec(new Lucene104Codec(Lucene104Codec.Mode.BEST_COMPRESSION));
        c.setRAMBufferSizeMB(64);
        writer = new IndexWriter(FSDirectory.open(directory), c);
    }

    @TearDown(Level.Iteration)
    public void closeWriter() throws IOException {
        writer.rollback();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Documents built, not indexed. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void build(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(builder.apply(events.get(i), ids[i]));
        }
    }

    /** Documents built and added to the index writer. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void index() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            writer.addDocument(builder.apply(events.get(i), ids[i]));
        }
    }

    /** Every field of a document with its type and value, to compare builders. */
    private static String describe(Document doc) {
        StringBuilder sb = new StringBuilder();
        for (IndexableField f : doc) {
            sb.append(f.name()).append(' ').append(f.fieldType()).append(' ');
            if (f.binaryValue() != null) {
                sb.append(f.binaryValue());
            } else if (f.stringValue() != null) {
                sb.append(new org.apache.lucene.util.BytesRef(f.stringValue()));
            } else {
                sb.append(f.numericValue());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
