package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class SightingsTest {
    private static final TenantId A = TenantId.of("hospital-a");
    private static final TenantId B = TenantId.of("hospital-b");
    private static final IndicatorKey C2 = new IndicatorKey(IndicatorType.IPV4, "203.0.113.77");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Database open() {
        return Database.open(DatabaseConfig.embedded(dir.resolve("db")));
    }

    private static String feed() throws IOException {
        try (InputStream in = SightingsTest.class.getResourceAsStream("/stix/commission-feed.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Event connection(TenantId tenant, String destination, String time) {
        Event e = new Event(tenant, Instant.parse(time).toEpochMilli(), "fw");
        e.put(Fields.SOURCE_IP, "10.20.5.11");
        e.put(Fields.DESTINATION_IP, destination);
        return e;
    }

    @Test
    void matchesAreCountedInMemoryAndFlushedIntoOneGrowingRowThatSurvivesARestart() throws IOException {
        IntelLibrary library = new IntelLibrary(dir.resolve("bundles"));
        library.importStix("commission", feed());
        try (Database db = open()) {
            Sightings sightings = Sightings.create(db, CLOCK);
            library.sightings(sightings);
            library.enrich(connection(A, "203.0.113.77", "2026-11-25T08:00:00Z"));
            library.enrich(connection(A, "203.0.113.77", "2026-11-25T08:30:00Z"));
            library.enrich(connection(B, "203.0.113.77", "2026-11-25T08:10:00Z"));
            library.enrich(connection(A, "198.51.100.200", "2026-11-25T08:10:00Z")); // no indicator
            assertThat(sightings.pending()).isEqualTo(2);
            assertThat(sightings.of(A, C2, 10)).isEmpty(); // nothing in the database before a flush

            assertThat(sightings.flush()).isEqualTo(2);
            assertThat(sightings.pending()).isZero();
            assertThat(sightings.flush()).isZero();
            library.enrich(connection(A, "203.0.113.77", "2026-11-25T07:00:00Z"));
            assertThat(sightings.flush()).isEqualTo(1);

            List<RecordedSighting> ofA = sightings.of(A, C2, 10);
            assertThat(ofA).singleElement().satisfies(s -> {
                assertThat(s.kind()).isEqualTo(SightingKind.SEEN);
                assertThat(s.origin()).isEqualTo(SightingOrigin.AUTOMATIC);
                assertThat(s.count()).isEqualTo(3);
                assertThat(s.firstSeen()).isEqualTo(Instant.parse("2026-11-25T07:00:00Z"));
                assertThat(s.lastSeen()).isEqualTo(Instant.parse("2026-11-25T08:30:00Z"));
            });
            assertThat(sightings.of(B, C2, 10)).singleElement().extracting(RecordedSighting::count).isEqualTo(1L);
        }
        try (Database db = open()) {
            Sightings reopened = Sightings.create(db, CLOCK);
            assertThat(reopened.of(A, C2, 10)).singleElement().extracting(RecordedSighting::count).isEqualTo(3L);
            SightingCounts counts = reopened.counts(A).get(C2);
            assertThat(counts.seen()).isEqualTo(3);
            assertThat(counts.lastSeen()).contains(Instant.parse("2026-11-25T08:30:00Z"));
            assertThat(counts.suppressed()).isFalse();
        }
    }

    @Test
    void aFalsePositiveSilencesTheIndicatorForThatTenantOnlyUntilATruePositive() throws IOException {
        IntelLibrary library = new IntelLibrary(dir.resolve("bundles"));
        library.importStix("commission", feed());
        try (Database db = open()) {
            Sightings sightings = Sightings.create(db, CLOCK);
            library.sightings(sightings);
            sightings.report(A, new Sighting(C2, Instant.parse("2026-11-25T08:40:00Z"), SightingKind.FALSE_POSITIVE,
                    "alice", 1, "the PACS vendor's update server", Instant.parse("2026-11-25T08:40:00Z")),
                    SightingOrigin.USER);

            Event inA = connection(A, "203.0.113.77", "2026-11-25T08:45:00Z");
            library.enrich(inA);
            assertThat(inA.value(IntelLibrary.INDICATOR)).isNull();
            assertThat(inA.values(Fields.TAGS)).doesNotContain("intel_match");
            Event inB = connection(B, "203.0.113.77", "2026-11-25T08:45:00Z");
            library.enrich(inB);
            assertThat(inB.value(IntelLibrary.INDICATOR)).isEqualTo("203.0.113.77");
            sightings.flush();
            assertThat(sightings.counts(A).get(C2)).satisfies(c -> {
                assertThat(c.seen()).isEqualTo(1); // still counted
                assertThat(c.falsePositive()).isEqualTo(1);
                assertThat(c.suppressed()).isTrue();
            });
            assertThat(sightings.counts(B).get(C2).suppressed()).isFalse();
        }
        try (Database db = open()) {
            Sightings reopened = Sightings.create(db, CLOCK);
            assertThat(reopened.suppressed(A, C2)).isTrue();
            reopened.report(A, new Sighting(C2, Instant.parse("2026-11-25T09:00:00Z"), SightingKind.TRUE_POSITIVE,
                    "bob"), SightingOrigin.USER);
            assertThat(reopened.suppressed(A, C2)).isFalse();
            library.sightings(reopened);
            Event again = connection(A, "203.0.113.77", "2026-11-25T09:05:00Z");
            library.enrich(again);
            assertThat(again.value(IntelLibrary.INDICATOR)).isEqualTo("203.0.113.77");
            assertThat(reopened.of(A, C2, 10)).extracting(RecordedSighting::kind)
                    .containsExactly(SightingKind.TRUE_POSITIVE, SightingKind.SEEN, SightingKind.FALSE_POSITIVE);
        }
    }

    @Test
    void boundsThePendingPairsAndRefusesMalformedSightings() {
        try (Database db = open()) {
            Sightings sightings = Sightings.create(db, CLOCK, 2);
            sightings.observed(A, IndicatorType.IPV4, "192.0.2.1", 1);
            sightings.observed(A, IndicatorType.IPV4, "192.0.2.2", 1);
            sightings.observed(A, IndicatorType.IPV4, "192.0.2.3", 1);
            sightings.observed(A, IndicatorType.IPV4, "192.0.2.1", 2);
            assertThat(sightings.pending()).isEqualTo(2);
            assertThat(sightings.dropped()).isEqualTo(1);
            assertThatThrownBy(() -> new Sighting(C2, Instant.EPOCH, SightingKind.SEEN, "x", 0, "", Instant.EPOCH))
                    .isInstanceOf(MedsocException.class).hasMessageContaining("at least 1");
            assertThatThrownBy(() -> new Sighting(C2, Instant.EPOCH, SightingKind.SEEN, "x", 1, "",
                    Instant.EPOCH.plusSeconds(1))).hasMessageContaining("after its last time");
            assertThatThrownBy(() -> sightings.report(A, new Sighting(C2, Instant.EPOCH, SightingKind.SEEN,
                    "x".repeat(201)), SightingOrigin.USER)).hasMessageContaining("1 to 200 characters");
        }
    }

    @Test
    void concurrentMatchesAreNeitherLostNorDoubleCountedAcrossFlushes() throws Exception {
        try (Database db = open()) {
            Sightings sightings = Sightings.create(db, CLOCK);
            int threads = 4;
            int perThread = 5_000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        sightings.observed(A, IndicatorType.IPV4, "203.0.113.77", 1_000L + i);
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            while (!pool.awaitTermination(10, TimeUnit.MILLISECONDS)) {
                sightings.flush();
            }
            sightings.flush();
            assertThat(sightings.of(A, C2, 10)).singleElement().extracting(RecordedSighting::count)
                    .isEqualTo((long) threads * perThread);
        }
    }
}
