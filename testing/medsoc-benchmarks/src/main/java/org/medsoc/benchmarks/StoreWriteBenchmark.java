package org.medsoc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.WriteMode;
import org.medsoc.store.lucene.LuceneEventStore;
import org.medsoc.store.lucene.LuceneStoreConfig;
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

/**
 * Store write throughput: batches of 1,000 realistic firewall events (about 20 fields) written and committed, in
 * events per second. {@code impl=medsoc} is {@link LuceneEventStore} (typed fields, doc values, points, compressed
 * binary source); {@code impl=naive} is the baseline of the same documents with every field as a plain stored
 * {@link StringField}, no doc values and no points, default codec.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class StoreWriteBenchmark {
    private static final int BATCH = 1_000;
    private static final long T0 = 1_795_600_800_000L;

    @Param({"medsoc", "naive"})
    public String impl;

    private Path directory;
    private List<Event> batch;
    private LuceneEventStore store;
    private IndexWriter naive;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("medsoc-store-bench");
        batch = firewallEvents(BATCH, 42);
        switch (impl) {
            case "medsoc" -> {
                store = LuceneEventStore.open(LuceneStoreConfig.defaults(directory));
                writeBatch();
                store.refresh();
                long n = store.search(TenantId.DEFAULT, EventQuery.of("destination.port:[1 TO 65535]", 0)).total();
                if (n != BATCH) {
                    throw new IllegalStateException("expected " + BATCH + " searchable events, found " + n);
                }
            }
            case "naive" -> {
                naive = new IndexWriter(FSDirectory.open(directory), new IndexWriterConfig().setRAMBufferSizeMB(64));
                writeBatch();
                if (naive.getDocStats().numDocs != BATCH) {
                    throw new IllegalStateException("expected " + BATCH + " documents");
                }
            }
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (store != null) {
            store.close();
        }
        if (naive != null) {
            naive.close();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void writeBatch() throws IOException {
        for (Event e : batch) {
            long s = sequence++;
            e.id("b" + s).timestamp(T0 + s);
        }
        if (store != null) {
            store.write(batch, WriteMode.APPEND);
            store.commit();
        } else {
            for (Event e : batch) {
                Document doc = new Document();
                doc.add(new StringField("_id", e.id(), Store.YES));
                doc.add(new StringField("medsoc.tenant", e.tenant().value(), Store.YES));
                doc.add(new StringField("@timestamp", Long.toString(e.timestamp()), Store.YES));
                doc.add(new StringField("event.original", e.original(), Store.YES));
                for (int i = 0; i < e.size(); i++) {
                    doc.add(new StringField(e.fieldAt(i).name(), e.valueAt(i), Store.YES));
                }
                naive.addDocument(doc);
            }
            naive.commit();
        }
    }

    /** Realistic next-generation firewall traffic events (FortiGate-like) with about 20 fields. */
    static List<Event> firewallEvents(int n, long seed) {
        String[] actions = {"accept", "accept", "accept", "deny", "close", "timeout"};
        String[] apps = {"HTTPS", "DNS", "SMB", "RDP", "HL7-MLLP", "DICOM", "SSH", "LDAP"};
        int[] ports = {443, 53, 445, 3389, 2575, 104, 22, 389};
        String[] users = {"zhang.wei", "li.na", "wang.fang", "his_svc", "pacs_svc", "admin"};
        String[] systems = {"HIS", "PACS", "EMR", "LIS", "integration-platform"};
        SplittableRandom r = new SplittableRandom(seed);
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int app = r.nextInt(apps.length);
            String action = actions[r.nextInt(actions.length)];
            String src = "10." + r.nextInt(1, 40) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
            String dst = "172.16." + r.nextInt(16) + "." + r.nextInt(1, 255);
            String sport = Integer.toString(r.nextInt(1024, 65535));
            String dport = Integer.toString(ports[app]);
            String sent = Long.toString(r.nextLong(40, 2_000_000));
            String received = Long.toString(r.nextLong(40, 20_000_000));
            String policy = Integer.toString(r.nextInt(1, 300));
            String user = users[r.nextInt(users.length)];
            String original = "<189>date=2026-11-25 time=10:00:00 devname=\"FGT-CORE-01\" devid=\"FG3K2E0000000001\""
                    + " logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\""
                    + " srcip=" + src + " srcport=" + sport + " srcintf=\"port1\" dstip=" + dst + " dstport=" + dport
                    + " dstintf=\"port9\" policyid=" + policy + " proto=6 action=\"" + action + "\" service=\""
                    + apps[app] + "\" sentbyte=" + sent + " rcvdbyte=" + received + " user=\"" + user + "\"";
            out.add(new Event(TenantId.DEFAULT, T0, original)
                    .put(Fields.MESSAGE, "traffic forward " + action + " " + apps[app] + " " + src + " -> " + dst)
                    .put(Fields.EVENT_KIND, "event")
                    .put(Fields.EVENT_CATEGORY, "network")
                    .put(Fields.EVENT_ACTION, action)
                    .put(Fields.EVENT_OUTCOME, action.equals("deny") ? "failure" : "success")
                    .put(Fields.SOURCE_IP, src)
                    .put(Fields.SOURCE_PORT, sport)
                    .put(Fields.DESTINATION_IP, dst)
                    .put(Fields.DESTINATION_PORT, dport)
                    .put(Fields.NETWORK_TRANSPORT, "tcp")
                    .put(Fields.NETWORK_APPLICATION, apps[app])
                    .put(Fields.NETWORK_DIRECTION, "internal")
                    .put(Fields.SOURCE_BYTES, sent)
                    .put(Fields.DESTINATION_BYTES, received)
                    .put(Fields.RULE_ID, policy)
                    .put(Fields.USER_NAME, user)
                    .put(Fields.OBSERVER_VENDOR, "Fortinet")
                    .put(Fields.OBSERVER_PRODUCT, "FortiGate")
                    .put(Fields.OBSERVER_NAME, "FGT-CORE-01")
                    .put(Fields.MEDSOC_BUSINESS_SYSTEM, systems[r.nextInt(systems.length)]));
        }
        return out;
    }
}
