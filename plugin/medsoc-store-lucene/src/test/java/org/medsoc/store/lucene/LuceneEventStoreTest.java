package org.medsoc.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.Partition;
import org.medsoc.spi.store.WriteMode;
import org.medsoc.testing.EventStoreContractTest;

class LuceneEventStoreTest extends EventStoreContractTest {
    @Override
    protected EventStore createStore(Path dir) {
        return LuceneEventStore.open(new LuceneStoreConfig(dir, Duration.ZERO, 2, 16));
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void indexesVendorOriginalsForSearchButNotForAggregation() {
        Event e = new Event(TENANT_A, T0, "date=2026-11-25 srcintf=\"lan-clinical\"");
        e.id("v1");
        e.put(Fields.intern("fortinet.srcintf"), "lan-clinical");
        e.put(Fields.SOURCE_IP, "10.9.8.7");
        store.write(List.of(e), WriteMode.APPEND);
        store.refresh();

        assertThat(ids(TENANT_A, query("fortinet.srcintf:lan-clinical", T0, T0 + HOUR))).containsExactly("v1");
        assertThat(ids(TENANT_A, query("fortinet.srcintf:lan-*", T0, T0 + HOUR))).containsExactly("v1");
        assertThatThrownBy(() -> store.topValues(TENANT_A, EventQuery.of("", 0), "fortinet.srcintf", 5))
                .isInstanceOfSatisfying(MedsocException.class, x -> assertThat(x.errorCode())
                        .isEqualTo(LuceneStoreErrorCode.FIELD_NOT_AGGREGATABLE.toErrorCode()))
                .hasMessageContaining("vendor original");
        assertThat(store.topValues(TENANT_A, EventQuery.of("", 0), "source.ip", 5)).hasSize(1);
    }

    @Test
    void findsNonAsciiValuesInEveryIndexedForm() {
        // keyword terms and doc values are cut from the stored source's UTF-8 bytes; they must be the bytes a query
        // for the same text looks up (the exact terms, including unpaired surrogates, are in EventDocumentsTest)
        Event chinese = new Event(TENANT_A, T0, "devname=核心防火墙 user=张伟");
        chinese.id("c1");
        chinese.put(Fields.intern("fortinet.devname"), "核心防火墙");
        chinese.put(Fields.USER_NAME, "张伟");
        chinese.put(Fields.MESSAGE, "登录失败 𠀀 ok");
        Event broken = new Event(TENANT_A, T0 + 1, "devname=bad");
        broken.id("c2");
        broken.put(Fields.intern("fortinet.devname"), "bad\uD800x");
        store.write(List.of(chinese, broken), WriteMode.APPEND);
        store.refresh();

        assertThat(ids(TENANT_A, query("fortinet.devname:核心防火墙", T0, T0 + HOUR))).containsExactly("c1");
        assertThat(ids(TENANT_A, query("user.name:张伟", T0, T0 + HOUR))).containsExactly("c1");
        assertThat(ids(TENANT_A, query("message.keyword:\"登录失败 𠀀 ok\"", T0, T0 + HOUR))).containsExactly("c1");
        assertThat(ids(TENANT_A, query("message:失败", T0, T0 + HOUR))).containsExactly("c1");
        assertThat(ids(TENANT_A, query("fortinet.devname:bad*", T0, T0 + HOUR))).containsExactly("c2");
        assertThat(store.topValues(TENANT_A, EventQuery.of("", 0), "user.name", 5))
                .extracting(v -> v.value()).containsExactly("张伟");
        assertThat(store.topValues(TENANT_A, EventQuery.of("", 0), "message.keyword", 5))
                .extracting(v -> v.value()).containsExactly("登录失败 𠀀 ok");
    }

    @Test
    void laysOutOneDirectoryPerDatasetAndUtcDay() throws IOException {
        seed();
        store.commit();

        assertThat(children(directory))
                .containsExactly("deadletters-2026-11-25", "events-2026-11-25", "events-2026-11-26", "store.lock");
    }

    @Test
    void opensOnlyPartitionsOverlappingTheTimeRange() throws IOException {
        seed();
        store.commit();
        store.close();
        // damage the second day: any search that opens it fails
        Path day2 = directory.resolve("events-2026-11-26");
        try (Stream<Path> files = Files.list(day2)) {
            for (Path f : files.toList()) {
                Files.write(f, new byte[] {1, 2, 3});
            }
        }
        store = createStore(directory);

        assertThat(ids(TENANT_A, query("source.ip:10.1.2.3", T0, T0 + HOUR))).containsExactly("e1");
        assertThatThrownBy(() -> ids(TENANT_A, query("source.ip:10.1.2.3", T0, T0 + 2 * DAY_MILLIS)))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(LuceneStoreErrorCode.STORE_CORRUPT.toErrorCode()));
    }

    @Test
    void appendsToReopenedPartitions() {
        seed();
        store.commit();
        reopen();

        store.write(List.of(event("more", T0 + 7 * MINUTE, "more")), WriteMode.APPEND);
        store.commit();

        assertThat(store.partitions())
                .filteredOn(p -> p.dataset() == Dataset.EVENTS && p.day().equals(DAY))
                .extracting(Partition::eventCount)
                .containsExactly(7L);
        store.refresh();
        assertThat(store.search(TENANT_A, EventQuery.of("", 0)).total()).isEqualTo(7);
    }

    @Test
    void keepsMoreDaysThanOpenWritersSearchable() {
        List<Event> events = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            events.add(event("d" + d, T0 + d * DAY_MILLIS, "day " + d));
            events.add(event("d" + d + "b", T0 + d * DAY_MILLIS + 1, "day " + d));
        }
        store.write(events, WriteMode.APPEND);
        store.write(List.of(event("again", T0, "first day again")), WriteMode.APPEND);
        store.refresh();

        assertThat(store.search(TENANT_A, EventQuery.of("", 0)).total()).isEqualTo(13);
        assertThat(store.partitions()).hasSize(6).extracting(Partition::eventCount).containsExactly(3L, 2L, 2L, 2L,
                2L, 2L);
    }

    @Test
    void refreshesInTheBackground() throws InterruptedException {
        store.close();
        store = LuceneEventStore.open(new LuceneStoreConfig(directory, Duration.ofMillis(50), 2, 16));

        store.write(List.of(event("bg", T0, "background")), WriteMode.APPEND);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.search(TENANT_A, EventQuery.of("", 0)).total() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.search(TENANT_A, EventQuery.of("", 0)).total()).isEqualTo(1);
    }

    @Test
    void refusesASecondStoreOnTheSameDirectory() {
        assertThatThrownBy(() -> createStore(directory))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(LuceneStoreErrorCode.STORE_LOCKED.toErrorCode()));
    }

    @Test
    void reportsSyntaxErrorsWithTheirColumn() {
        assertThatThrownBy(() -> ids("source.ip:(10.1"))
                .hasMessageStartingWith("cannot parse query 'source.ip:(10.1': Encountered \"<EOF>\" at column 15");
        assertThatThrownBy(() -> ids("user.name:[a TO"))
                .hasMessageStartingWith("cannot parse query 'user.name:[a TO': ");
    }

    @Test
    void keepsValuesThatDoNotFitTheirTypeInTheStoredEventOnly() {
        LuceneEventStore lucene = (LuceneEventStore) store;
        String longName = "x".repeat(9000);
        store.write(
                List.of(event("odd", T0, "odd")
                        .put(Fields.DESTINATION_PORT, "http")
                        .put(Fields.SOURCE_IP, "not-an-ip")
                        .put(Fields.USER_NAME, longName)),
                WriteMode.APPEND);
        store.refresh();

        assertThat(lucene.unindexedValues()).isEqualTo(3);
        assertThat(ids("_exists_:destination.port OR _exists_:source.ip OR _exists_:user.name")).isEmpty();
        Event back = store.search(TENANT_A, EventQuery.of("", 1)).events().get(0);
        assertThat(back.value(Fields.DESTINATION_PORT)).isEqualTo("http");
        assertThat(back.value(Fields.SOURCE_IP)).isEqualTo("not-an-ip");
        assertThat(back.value(Fields.USER_NAME)).isEqualTo(longName);
    }

    @Test
    void searchesWhileWritingAndDropping() throws InterruptedException {
        int days = 12;
        int perBatch = 200;
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch searchersStarted = new CountDownLatch(3);
        List<Thread> searchers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> {
                searchersStarted.countDown();
                while (!done.get()) {
                    try {
                        var r = store.search(TENANT_A, EventQuery.of("destination.port:[1 TO 65535]", 50));
                        if (r.events().size() != Math.min(50, r.total())) {
                            failures.add(new AssertionError("page size " + r.events().size() + " of " + r.total()));
                        }
                        store.histogram(TENANT_A, EventQuery.of("", 0), Duration.ofHours(6));
                        store.topValues(TENANT_A, EventQuery.of("", 0), "destination.port", 5);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            th.start();
            searchers.add(th);
        }
        searchersStarted.await();
        for (int d = 0; d < days; d++) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                batch.add(event(d + "-" + i, T0 + d * DAY_MILLIS + i, "concurrent")
                        .put(Fields.DESTINATION_PORT, Integer.toString(1 + i % 100)));
            }
            store.write(batch, WriteMode.APPEND);
            store.refresh();
            if (d >= 3) {
                assertThat(store.drop("events-" + DAY.plusDays(d - 3))).isTrue();
            }
        }
        done.set(true);
        for (Thread th : searchers) {
            th.join(10_000);
        }

        assertThat(failures).isEmpty();
        store.refresh();
        assertThat(store.search(TENANT_A, EventQuery.of("", 0)).total()).isEqualTo(3L * perBatch);
        assertThat(store.partitions()).hasSize(3);
        assertThat(directory.toFile().list()).hasSize(4); // three partitions and the lock file
    }
}
