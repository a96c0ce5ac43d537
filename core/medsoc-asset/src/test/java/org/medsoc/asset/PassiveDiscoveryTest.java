package org.medsoc.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.asset.Fixture.HOSPITAL_A;
import static org.medsoc.asset.Fixture.HOSPITAL_B;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class PassiveDiscoveryTest {
    private static final int EVENTS = 4_000;
    private static final Duration STEP = Duration.ofMillis(150);

    /** Known ledger assets. */
    private static final List<String> KNOWN = range("10.1.0.", 1, 20);
    /** Internal addresses not in the ledger: RFC 1918 at the edges of each network, and ULA. */
    private static final List<String> UNKNOWN_INTERNAL = concat(range("10.20.30.", 1, 25),
            List.of("10.0.0.0", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.0.1", "192.168.255.254",
                    "fd00::1", "fdab:cdef::42"));
    /** Addresses that are not internal, including near misses of each private network. */
    private static final List<String> EXTERNAL = List.of("8.8.8.8", "1.1.1.1", "203.0.113.9", "172.15.255.255",
            "172.32.0.1", "192.169.0.1", "11.0.0.1", "9.255.255.255", "fe80::1", "2001:db8::1", "not-an-ip",
            "10.1.0.300", "010.1.0.1x");

    @TempDir
    Path dir;

    private static List<String> range(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void seedLedger(Fixture f) {
        for (String ip : KNOWN) {
            f.inventory.create(HOSPITAL_A, AssetAttributes.builder(AssetKind.HOST, "known-" + ip).ips(ip).build(),
                    "seed");
        }
    }

    /**
     * Replays a seeded stream: every event has a source and a destination drawn from the known, unknown-internal
     * and external pools; every 50th carries a host block and every 97th an observer. Answers the internal
     * unknown addresses the stream used, as the test computes them independently of the code under test.
     */
    private static Set<String> replay(Fixture f, PassiveDiscovery discovery, TenantId tenant, long seed, int count) {
        Random random = new Random(seed);
        Set<String> used = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            f.clock.advance(STEP);
            Event e = new Event(tenant, f.clock.millis(), "synthetic " + i);
            String source = pick(random);
            String destination = pick(random);
            e.put(Fields.SOURCE_IP, source).put(Fields.DESTINATION_IP, destination).put(Fields.DESTINATION_PORT, "443");
            if (random.nextInt(10) == 0) {
                e.put(Fields.SOURCE_MAC, "00-0C-29-00-00-" + String.format("%02X", i % 256));
            }
            if (i % 50 == 0) {
                e.put(Fields.HOST_IP, "10.1.5.5").put(Fields.HOST_NAME, "NURSE-PC05")
                        .put(AssetFields.HOST_MAC, "00:0c:29:5e:05:05");
                used.add("10.1.5.5");
            }
            if (i % 97 == 0) {
                e.put(Fields.OBSERVER_IP, "10.0.0.254").put(Fields.OBSERVER_TYPE, "firewall")
                        .put(Fields.OBSERVER_HOSTNAME, "fw-core");
                used.add("10.0.0.254");
            }
            for (String ip : List.of(source, destination)) {
                if (UNKNOWN_INTERNAL.contains(ip)) {
                    used.add(ip);
                }
            }
            discovery.accept(e);
        }
        discovery.flush();
        return used;
    }

    private static String pick(Random random) {
        int r = random.nextInt(10);
        if (r < 5) {
            return KNOWN.get(random.nextInt(KNOWN.size()));
        }
        if (r < 7) {
            return UNKNOWN_INTERNAL.get(random.nextInt(UNKNOWN_INTERNAL.size()));
        }
        return EXTERNAL.get(random.nextInt(EXTERNAL.size()));
    }

    private static Set<String> candidateIps(Fixture f, TenantId tenant) {
        Page<Asset> page = f.inventory.list(tenant, AssetQuery.all().withStatus(AssetStatus.CANDIDATE)
                .withPage(0, 1000));
        List<String> ips = page.items().stream().flatMap(a -> a.attributes().ips().stream()).toList();
        assertThat(ips).doesNotHaveDuplicates();
        return new TreeSet<>(ips);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void proposesExactlyTheUnseenInternalAddressesOfAReplayedStream(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            seedLedger(f);
            PassiveDiscoveryConfig config = new PassiveDiscoveryConfig(Cidr.PRIVATE_NETWORKS, Duration.ofSeconds(10),
                    16, Duration.ofMinutes(5), Duration.ofMinutes(5), 200_000);
            try (PassiveDiscovery discovery = PassiveDiscovery.create(f.inventory, config, f.clock)) {
            Set<String> expected = replay(f, discovery, HOSPITAL_A, 42, EVENTS);

            assertThat(expected).hasSizeGreaterThan(30);
            assertThat(candidateIps(f, HOSPITAL_A)).isEqualTo(expected);
            PassiveDiscovery.Stats stats = discovery.stats();
            assertThat(stats.events()).isEqualTo(EVENTS);
            assertThat(stats.candidatesCreated()).isEqualTo(expected.size());
            // 4000 events over 10 minutes: the background writer writes batches (by size 16 or time 10 s, as fast
            // as it keeps up: how many depends on its speed, see writesDueBatchesInTheBackgroundWithoutAFlushCall),
            // never one write per event
            assertThat(stats.flushes()).isBetween(1L, 120L);
            assertThat(stats.droppedAddresses()).isZero();
            assertThat(stats.writeFailures()).isZero();
            // each known asset is written at most once per 5-minute interval: 10 minutes → at most 3 times
            // (candidates become known once created, so they are sighted too)
            assertThat(stats.sightingsWritten()).isBetween((long) KNOWN.size(), (KNOWN.size() + expected.size()) * 3L);
            for (String ip : KNOWN) {
                Asset known = f.inventory.findByIp(HOSPITAL_A, ip).get(0);
                assertThat(known.status()).isEqualTo(AssetStatus.ACTIVE);
                assertThat(known.lastSeen()).isAfter(Fixture.START);
                assertThat(known.version()).isEqualTo(1);
            }

            Asset nurse = f.inventory.findByIp(HOSPITAL_A, "10.1.5.5").get(0);
            assertThat(nurse.attributes().hostnames()).containsExactly("nurse-pc05");
            assertThat(nurse.attributes().macs()).containsExactly("00:0c:29:5e:05:05");
            assertThat(nurse.attributes().name()).isEqualTo("nurse-pc05");
            assertThat(nurse.firstSeen()).isEqualTo(Fixture.START.plus(STEP));
            Asset firewall = f.inventory.findByIp(HOSPITAL_A, "10.0.0.254").get(0);
            assertThat(firewall.attributes().kind()).isEqualTo(AssetKind.SECURITY_DEVICE);
            // source.mac is a gateway's MAC across a router: never attached to a candidate
            assertThat(f.inventory.findByIp(HOSPITAL_A, "10.20.30.1").get(0).attributes().macs()).isEmpty();
            assertThat(firewall.attributes().hostnames()).containsExactly("fw-core");
            assertThat(f.inventory.history(HOSPITAL_A, nurse.id())).allSatisfy(c -> {
                assertThat(c.source()).isEqualTo(ChangeSource.PASSIVE);
                assertThat(c.actor()).isEqualTo(PassiveDiscovery.ACTOR);
            });
            assertThat(f.inventory.list(HOSPITAL_B, AssetQuery.all()).total()).isZero();

            // a second replay finds nothing new
            long before = f.count("asset");
            replay(f, discovery, HOSPITAL_A, 43, EVENTS);
            assertThat(f.count("asset")).isEqualTo(before);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void staysExactWhenPipelineThreadsFeedItConcurrently(Dialect dialect) throws Exception {
        try (Fixture f = new Fixture(dialect, dir)) {
            seedLedger(f);
            PassiveDiscoveryConfig config = new PassiveDiscoveryConfig(Cidr.PRIVATE_NETWORKS, Duration.ZERO, 4,
                    Duration.ofMinutes(5), Duration.ofMinutes(5), 200_000);
            try (PassiveDiscovery discovery = PassiveDiscovery.create(f.inventory, config, f.clock)) {
            Random random = new Random(99);
            List<Event> events = new ArrayList<>();
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < 2_000; i++) {
                String source = pick(random);
                String destination = pick(random);
                events.add(new Event(HOSPITAL_A, Fixture.START.toEpochMilli() + i, "e" + i)
                        .put(Fields.SOURCE_IP, source).put(Fields.DESTINATION_IP, destination));
                for (String ip : List.of(source, destination)) {
                    if (UNKNOWN_INTERNAL.contains(ip)) {
                        expected.add(ip);
                    }
                }
            }
            int threads = 4;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int slice = t;
                    done.add(pool.submit(() -> {
                        for (int i = slice; i < events.size(); i += threads) {
                            discovery.accept(events.get(i));
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> d : done) {
                    d.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            discovery.flush();

            assertThat(candidateIps(f, HOSPITAL_A)).isEqualTo(expected);
            assertThat(discovery.stats().candidatesCreated()).isEqualTo(expected.size());
            assertThat(f.inventory.list(HOSPITAL_A, AssetQuery.all()).total()).isEqualTo(KNOWN.size() + expected.size());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void staysExactWhenTheMemoryBoundIsTinyAndTenantsAreSeparate(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            seedLedger(f);
            PassiveDiscoveryConfig config = new PassiveDiscoveryConfig(
                    List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")), Duration.ofSeconds(5), 8,
                    Duration.ofMinutes(1), Duration.ofMinutes(1), 5);
            try (PassiveDiscovery discovery = PassiveDiscovery.create(f.inventory, config, f.clock)) {
            Set<String> usedA = replay(f, discovery, HOSPITAL_A, 7, 1_500);
            Set<String> usedB = replay(f, discovery, HOSPITAL_B, 8, 1_500);

            Set<String> expectedA = usedA.stream().filter(ip -> ip.startsWith("10.") || ip.startsWith("fd"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(candidateIps(f, HOSPITAL_A)).isEqualTo(expectedA);
            // tenant B has no ledger: its known-pool addresses are candidates too
            Set<String> expectedB = new LinkedHashSet<>(usedB);
            expectedB.removeIf(ip -> !(ip.startsWith("10.") || ip.startsWith("fd")));
            Set<String> candidatesB = candidateIps(f, HOSPITAL_B);
            assertThat(candidatesB).containsAll(expectedB);
            assertThat(candidatesB).allSatisfy(ip -> assertThat(ip.startsWith("10.") || ip.startsWith("fd")).isTrue());
            assertThat(candidatesB).hasSize(expectedB.size() + KNOWN.size());
            assertThat(discovery.stats().untrackedAddresses()).isPositive();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void writesDueBatchesInTheBackgroundWithoutAFlushCall(Dialect dialect) throws InterruptedException {
        try (Fixture f = new Fixture(dialect, dir)) {
            seedLedger(f);
            PassiveDiscoveryConfig config = new PassiveDiscoveryConfig(Cidr.PRIVATE_NETWORKS, Duration.ofSeconds(10),
                    4, Duration.ofMinutes(5), Duration.ofMinutes(5), 200_000);
            try (PassiveDiscovery discovery = PassiveDiscovery.create(f.inventory, config, f.clock)) {
                // by size: four unseen addresses make a batch
                Set<String> fresh = new TreeSet<>(List.of("10.20.30.1", "10.20.30.2", "10.20.30.3", "10.20.30.4"));
                for (String ip : fresh) {
                    discovery.accept(new Event(HOSPITAL_A, f.clock.millis(), "e").put(Fields.SOURCE_IP, ip)
                            .put(Fields.DESTINATION_IP, "8.8.8.8"));
                }
                awaitTrue(() -> candidateIps(f, HOSPITAL_A).equals(fresh));

                // by time: a known asset's sighting alone is written once the flush interval has passed
                awaitTrue(() -> discovery.stats().flushes() >= 1);
                f.clock.advance(Duration.ofSeconds(11));
                discovery.accept(new Event(HOSPITAL_A, f.clock.millis(), "e").put(Fields.SOURCE_IP, KNOWN.get(0)));
                awaitTrue(() -> f.inventory.findByIp(HOSPITAL_A, KNOWN.get(0)).get(0).lastSeen() != null
                        && f.inventory.findByIp(HOSPITAL_A, KNOWN.get(0)).get(0).lastSeen()
                                .equals(Fixture.START.plus(Duration.ofSeconds(11))));
                assertThat(discovery.stats().sightingsWritten()).isEqualTo(1);
                assertThat(discovery.stats().candidatesCreated()).isEqualTo(fresh.size());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void acceptNeverTouchesTheDatabase(Dialect dialect) throws InterruptedException {
        try (Fixture f = new Fixture(dialect, dir)) {
            seedLedger(f);
            PassiveDiscoveryConfig config = new PassiveDiscoveryConfig(Cidr.PRIVATE_NETWORKS, Duration.ofSeconds(1),
                    4, Duration.ofMinutes(5), Duration.ofMinutes(5), 200_000, 8);
            try (PassiveDiscovery discovery = PassiveDiscovery.create(f.inventory, config, f.clock)) {
                // every database call now fails: if accept() made one (loading a new tenant's addresses, writing a
                // due batch) it would throw on this thread
                f.db.close();
                for (int i = 0; i < 20; i++) {
                    f.clock.advance(Duration.ofSeconds(2));
                    discovery.accept(new Event(HOSPITAL_B, f.clock.millis(), "e" + i)
                            .put(Fields.SOURCE_IP, "10.40.0." + (i + 1)).put(Fields.DESTINATION_IP, KNOWN.get(0)));
                }
                // the writer tried (on its own thread) and failed; nothing could be written, so the pending queue
                // stayed full: 8 of the 21 distinct unseen addresses are queued, the other 13 dropped
                awaitTrue(() -> discovery.stats().writeFailures() >= 1);
                PassiveDiscovery.Stats stats = discovery.stats();
                assertThat(stats.events()).isEqualTo(20);
                assertThat(stats.droppedAddresses()).isEqualTo(13);
                assertThat(stats.candidatesCreated()).isZero();
                assertThat(stats.flushes()).isZero();
            } catch (org.medsoc.spi.error.MedsocException expected) {
                // close() flushes what is pending into the closed database: that fails, and says so
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    /** Polls a condition for up to 10 seconds. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
