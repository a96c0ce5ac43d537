package org.medsoc.store.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.Partition;
import org.medsoc.spi.store.WriteMode;

/**
 * Measures (does not assert) single-thread write throughput of {@link LuceneEventStore}: realistic firewall events of
 * about 20 fields in batches of 1,000, committing every 50,000. Run: {@code java -cp <test classpath>
 * org.medsoc.store.lucene.LuceneWriteThroughput [events] [dir]}.
 */
final class LuceneWriteThroughput {
    private LuceneWriteThroughput() {}

    public static void main(String[] args) throws IOException {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("medsoc-throughput");
        List<Event> pool = FirewallEvents.generate(50_000, 42);
        long t0 = 1_795_600_800_000L;
        try (LuceneEventStore store = LuceneEventStore.open(LuceneStoreConfig.defaults(dir))) {
            // warm up the JIT on a throwaway day, then drop it
            write(store, pool, 200_000, t0 - 86_400_000L * 10, "w");
            store.commit();
            store.drop(store.partitions().get(0).name());

            long start = System.nanoTime();
            write(store, pool, total, t0, "m");
            store.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            store.refresh();
            long count = store.search(TenantId.DEFAULT, EventQuery.of("", 0)).total();
            long bytes = store.partitions().stream().mapToLong(Partition::sizeBytes).sum();
            System.out.printf("wrote %,d events in %.2f s: %,.0f events/s single thread (commit every 50k);"
                    + " searchable %,d; index %,d bytes = %.0f bytes/event; originals ~%d bytes/event%n",
                    total, seconds, total / seconds, count, bytes, (double) bytes / count,
                    FirewallEvents.averageOriginalLength(pool));
        }
    }

    private static void write(LuceneEventStore store, List<Event> pool, int total, long t0, String prefix) {
        List<Event> batch = new ArrayList<>(1000);
        for (int i = 0; i < total; i++) {
            Event template = pool.get(i % pool.size());
            Event e = template.id(prefix + i).timestamp(t0 + i);
            batch.add(e);
            if (batch.size() == 1000) {
                store.write(batch, WriteMode.APPEND);
                batch.clear();
            }
            if ((i + 1) % 50_000 == 0) {
                store.commit();
            }
        }
        if (!batch.isEmpty()) {
            store.write(batch, WriteMode.APPEND);
        }
    }

    /** Realistic next-generation firewall traffic events (FortiGate-like) with about 20 fields. */
    static final class FirewallEvents {
        private static final String[] ACTIONS = {"accept", "accept", "accept", "deny", "close", "timeout"};
        private static final String[] APPS = {"HTTPS", "DNS", "SMB", "RDP", "HL7-MLLP", "DICOM", "SSH", "LDAP"};
        private static final int[] PORTS = {443, 53, 445, 3389, 2575, 104, 22, 389};
        private static final String[] USERS = {"zhang.wei", "li.na", "wang.fang", "his_svc", "pacs_svc", "admin"};
        private static final String[] SYSTEMS = {"HIS", "PACS", "EMR", "LIS", "integration-platform"};

        private FirewallEvents() {}

        static List<Event> generate(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            List<Event> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int app = r.nextInt(APPS.length);
                String action = ACTIONS[r.nextInt(ACTIONS.length)];
                String src = "10." + r.nextInt(1, 40) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
                String dst = "172.16." + r.nextInt(16) + "." + r.nextInt(1, 255);
                String sport = Integer.toString(r.nextInt(1024, 65535));
                String dport = Integer.toString(PORTS[app]);
                String sent = Long.toString(r.nextLong(40, 2_000_000));
                String received = Long.toString(r.nextLong(40, 20_000_000));
                String policy = Integer.toString(r.nextInt(1, 300));
                String user = USERS[r.nextInt(USERS.length)];
                String original = "<189>date=2026-11-25 time=10:00:00 devname=\"FGT-CORE-01\" devid=\"FG3K2E0000000001\""
                        + " logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\""
                        + " srcip=" + src + " srcport=" + sport + " srcintf=\"port1\" dstip=" + dst + " dstport="
                        + dport + " dstintf=\"port9\" policyid=" + policy + " proto=6 action=\"" + action
                        + "\" service=\"" + APPS[app] + "\" sentbyte=" + sent + " rcvdbyte=" + received
                        + " user=\"" + user + "\"";
                Event e = new Event(TenantId.DEFAULT, 0, original)
                        .put(Fields.MESSAGE, "traffic forward " + action + " " + APPS[app] + " " + src + " -> " + dst)
                        .put(Fields.EVENT_KIND, "event")
                        .put(Fields.EVENT_CATEGORY, "network")
                        .put(Fields.EVENT_ACTION, action)
                        .put(Fields.EVENT_OUTCOME, action.equals("deny") ? "failure" : "success")
                        .put(Fields.SOURCE_IP, src)
                        .put(Fields.SOURCE_PORT, sport)
                        .put(Fields.DESTINATION_IP, dst)
                        .put(Fields.DESTINATION_PORT, dport)
                        .put(Fields.NETWORK_TRANSPORT, "tcp")
                        .put(Fields.NETWORK_APPLICATION, APPS[app])
                        .put(Fields.NETWORK_DIRECTION, "internal")
                        .put(Fields.SOURCE_BYTES, sent)
                        .put(Fields.DESTINATION_BYTES, received)
                        .put(Fields.RULE_ID, policy)
                        .put(Fields.USER_NAME, user)
                        .put(Fields.OBSERVER_VENDOR, "Fortinet")
                        .put(Fields.OBSERVER_PRODUCT, "FortiGate")
                        .put(Fields.OBSERVER_NAME, "FGT-CORE-01")
                        .put(Fields.MEDSOC_BUSINESS_SYSTEM, SYSTEMS[r.nextInt(SYSTEMS.length)]);
                out.add(e);
            }
            return out;
        }

        static long averageOriginalLength(List<Event> events) {
            long sum = 0;
            for (Event e : events) {
                sum += e.original().length();
            }
            return sum / events.size();
        }
    }
}
