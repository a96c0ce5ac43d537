package org.medsoc.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.journal.TestMessages.batch;
import static org.medsoc.journal.TestMessages.message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.spi.error.ErrorType;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

class JournalTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private JournalConfig config() {
        return JournalConfig.defaults(dir).withMinFreeDiskBytes(0);
    }

    /** Reads until {@code lastSequence} was returned; fails if the records stop coming. */
    static List<JournalRecord> readThrough(JournalReader reader, long lastSequence) {
        List<JournalRecord> out = new ArrayList<>();
        long seen = -1;
        while (seen < lastSequence) {
            List<JournalRecord> records = reader.poll(1000, WAIT);
            assertThat(records).as("records after sequence %d", seen).isNotEmpty();
            out.addAll(records);
            seen = records.getLast().sequence();
        }
        return out;
    }

    @Test
    void roundTripsEveryComponentOfAMessage() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        List<RawMessage> messages = List.of(
                new RawMessage(TenantId.of("h-1"), "syslog-udp:514", "10.0.0.1", 1_700_000_000_123L,
                        "<34>Oct 11 22:14:15 his su: 'su root' failed".getBytes(StandardCharsets.UTF_8)),
                new RawMessage(TenantId.of("pacs_2"), "file:/var/log/医院/pacs.log", "", -5L,
                        "患者记录导出 ✓ 😀".getBytes(StandardCharsets.UTF_8), true),
                new RawMessage(TenantId.DEFAULT, "http", "2001:db8::1", Long.MAX_VALUE, new byte[0]),
                new RawMessage(TenantId.DEFAULT, "", "\uD83D\uDE00 peer", 0L, allBytes, false));
        try (Journal journal = Journal.open(config())) {
            long last = journal.appendDurably(messages);
            assertThat(last).isEqualTo(4);
            try (JournalReader reader = journal.openReader(0)) {
                List<JournalRecord> records = readThrough(reader, last);
                assertThat(records).extracting(JournalRecord::sequence).containsExactly(1L, 2L, 3L, 4L);
                assertThat(records).extracting(JournalRecord::message).containsExactlyElementsOf(messages);
                assertThat(records.get(1).message().truncated()).isTrue();
            }
        }
    }

    @Test
    void readerReturnsRecordsInOrderAcrossSegmentsWhileTheyAreAppended() throws Exception {
        JournalConfig config = config().withSegmentBytes(2048).withMaxBytes(1 << 30);
        try (Journal journal = Journal.open(config);
                JournalReader reader = journal.openReader(0)) {
            CompletableFuture<List<JournalRecord>> read =
                    CompletableFuture.supplyAsync(() -> readThrough(reader, 1000));
            for (int i = 0; i < 100; i++) {
                journal.appendDurably(batch(i * 10L + 1, 10));
            }
            List<JournalRecord> records = read.get(30, TimeUnit.SECONDS);
            assertThat(journal.stats().segments()).isGreaterThan(10);
            assertThat(records).hasSize(1000);
            for (int i = 0; i < 1000; i++) {
                assertThat(records.get(i).sequence()).isEqualTo(i + 1);
                assertThat(records.get(i).message()).isEqualTo(message(i + 1));
            }
        }
    }

    @Test
    void pollReturnsEmptyOnTimeoutAndRespectsMax() {
        try (Journal journal = Journal.open(config());
                JournalReader reader = journal.openReader(0)) {
            assertThat(reader.poll(10, Duration.ofMillis(20))).isEmpty();
            journal.appendDurably(batch(1, 25));
            assertThat(reader.poll(10, WAIT)).extracting(JournalRecord::sequence).startsWith(1L).hasSize(10);
            assertThat(reader.poll(10, WAIT)).extracting(JournalRecord::sequence).startsWith(11L).hasSize(10);
            assertThat(reader.poll(10, WAIT)).extracting(JournalRecord::sequence).startsWith(21L).hasSize(5);
            assertThat(journal.openReader(20).poll(100, WAIT))
                    .extracting(JournalRecord::sequence)
                    .containsExactly(21L, 22L, 23L, 24L, 25L);
        }
    }

    @Test
    void readerSeesOnlyDurableRecordsAndAwaitDurableBlocksUntilTheirFsync() throws Exception {
        // the first fsync happens at once, the next one not before an hour: only close can make batch 2 durable
        JournalConfig config = config().withFlushInterval(Duration.ofHours(1));
        Journal journal = Journal.open(config);
        JournalReader reader = journal.openReader(0);
        long first = journal.appendDurably(batch(1, 10));
        assertThat(readThrough(reader, first)).hasSize(10);
        assertThat(journal.stats().fsyncs()).isEqualTo(1);

        long second = journal.append(batch(11, 10));
        assertThat(journal.lastSequence()).isEqualTo(20);
        assertThat(journal.durableSequence()).isEqualTo(10);
        Future<?> waiter = Executors.newVirtualThreadPerTaskExecutor().submit(() -> journal.awaitDurable(second));
        assertThat(reader.poll(100, Duration.ofMillis(300))).isEmpty();
        assertThat(waiter.isDone()).isFalse();

        journal.close(); // fsyncs what was appended, then wakes the waiter
        waiter.get(10, TimeUnit.SECONDS);
        assertThat(journal.stats().fsyncs()).isEqualTo(2);
        assertThat(journal.durableSequence()).isEqualTo(20);
        assertThat(reader.poll(100, WAIT)).extracting(JournalRecord::sequence).startsWith(11L).hasSize(10);
        assertThatThrownBy(() -> reader.poll(100, WAIT))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode().name())
                        .isEqualTo("JOURNAL_CLOSED"));
        reader.close();
    }

    @Test
    void groupCommitWakesWaitersAfterTheNextFsync() throws Exception {
        try (Journal journal = Journal.open(config().withFlushInterval(Duration.ofMillis(300)))) {
            journal.appendDurably(batch(1, 1));
            long second = journal.append(batch(2, 1));
            journal.awaitDurable(second);
            JournalStats stats = journal.stats();
            assertThat(stats.fsyncs()).isEqualTo(2);
            assertThat(stats.durableSequence()).isEqualTo(2);
        }
    }

    @Test
    void closeWakesWaitersForRecordsThatWillNeverBeDurableWithAnError() throws Exception {
        Journal journal = Journal.open(config());
        journal.appendDurably(batch(1, 3));
        Future<?> waiter = Executors.newVirtualThreadPerTaskExecutor().submit(() -> journal.awaitDurable(8));
        Thread.sleep(100);
        journal.close();
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(MedsocException.class)
                .cause()
                .hasMessageContaining("closed before sequence 8 became durable");
        assertThatThrownBy(() -> journal.append(batch(4, 1)))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode().name())
                        .isEqualTo("JOURNAL_CLOSED"));
    }

    @Test
    void sequencesContinueAfterReopen() {
        try (Journal journal = Journal.open(config())) {
            assertThat(journal.appendDurably(batch(1, 7))).isEqualTo(7);
        }
        try (Journal journal = Journal.open(config())) {
            assertThat(journal.lastSequence()).isEqualTo(7);
            assertThat(journal.durableSequence()).isEqualTo(7);
            assertThat(journal.appendDurably(batch(8, 3))).isEqualTo(10);
            assertThat(readThrough(journal.openReader(0), 10))
                    .extracting(JournalRecord::message)
                    .containsExactlyElementsOf(batch(1, 10));
        }
    }

    @Test
    void secondJournalOnTheSameDirectoryIsRefused() {
        try (Journal journal = Journal.open(config())) {
            assertThatThrownBy(() -> Journal.open(config()))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode().name())
                            .isEqualTo("JOURNAL_LOCKED"))
                    .hasMessageContaining(dir.toString());
            assertThat(journal.lastSequence()).isZero();
        }
    }

    @Test
    void checkpointIsPersistedAndDeletesSegmentsItCovers() throws Exception {
        JournalConfig config = config().withSegmentBytes(1024).withMaxBytes(1 << 30);
        try (Journal journal = Journal.open(config)) {
            journal.appendDurably(batch(1, 100));
            int segmentsBefore = journal.stats().segments();
            assertThat(segmentsBefore).isGreaterThan(5);
            assertThat(journal.checkpoint()).isZero();

            journal.checkpoint(50);
            assertThat(journal.checkpoint()).isEqualTo(50);
            List<Long> firsts = segmentFirstSequences();
            assertThat(firsts.getFirst()).isLessThanOrEqualTo(51);
            assertThat(firsts).hasSizeLessThan(segmentsBefore).hasSize(journal.stats().segments());
            // the oldest remaining segment holds a record after the checkpoint
            assertThat(firsts.size() == 1 || firsts.get(1) > 51).isTrue();
        }
        try (Journal journal = Journal.open(config)) {
            assertThat(journal.checkpoint()).isEqualTo(50);
            assertThat(readThrough(journal.openReader(journal.checkpoint()), 100))
                    .extracting(JournalRecord::sequence)
                    .containsExactlyElementsOf(range(51, 100));
            journal.checkpoint(100);
            assertThat(segmentFirstSequences()).hasSize(1);
            assertThat(journal.appendDurably(batch(101, 1))).isEqualTo(101);
        }
    }

    @Test
    void checkpointRejectsMovingBackwardsOrBeyondTheDurableSequence() {
        try (Journal journal = Journal.open(config())) {
            journal.appendDurably(batch(1, 5));
            journal.checkpoint(3);
            assertThatThrownBy(() -> journal.checkpoint(2)).hasMessageContaining("cannot move backwards");
            assertThatThrownBy(() -> journal.checkpoint(6)).hasMessageContaining("beyond the durable sequence 5");
            journal.checkpoint(3);
            assertThat(journal.checkpoint()).isEqualTo(3);
        }
    }

    @Test
    void readerSurvivesCheckpointDeletingTheSegmentsUnderIt() {
        JournalConfig config = config().withSegmentBytes(1024).withMaxBytes(1 << 30);
        try (Journal journal = Journal.open(config);
                JournalReader slow = journal.openReader(0)) {
            journal.appendDurably(batch(1, 200));
            List<JournalRecord> first = slow.poll(3, WAIT); // inside the first segment, the next not yet opened
            assertThat(first).extracting(JournalRecord::sequence).containsExactly(1L, 2L, 3L);
            journal.checkpoint(150);
            assertThat(Files.exists(dir.resolve(RecordFormat.segmentFileName(1)))).isFalse();
            List<JournalRecord> rest = readThrough(slow, 200);
            // the open segment is read to its end; segments deleted before the reader reached them are skipped
            assertThat(rest.getFirst().sequence()).isEqualTo(4);
            long previous = 3;
            for (JournalRecord r : rest) {
                assertThat(r.sequence()).isGreaterThan(previous);
                assertThat(r.message()).isEqualTo(message(r.sequence()));
                previous = r.sequence();
            }
            assertThat(rest).extracting(JournalRecord::sequence).containsAll(range(151, 200));
        }
    }

    @Test
    void fullJournalRejectsWholeBatchesPreciselyAndAcceptsAgainAfterCheckpoint() {
        JournalConfig config = config().withSegmentBytes(1024).withMaxBytes(4096);
        try (Journal journal = Journal.open(config)) {
            long last = 0;
            MedsocException full = null;
            for (int i = 1; i <= 100 && full == null; i++) {
                try {
                    last = journal.appendDurably(batch(i, 1));
                } catch (MedsocException e) {
                    full = e;
                }
            }
            assertThat(full).isNotNull();
            assertThat(full.errorCode().name()).isEqualTo("JOURNAL_FULL");
            assertThat(full.errorCode().type()).isEqualTo(ErrorType.INSUFFICIENT_RESOURCES);
            assertThat(full.getMessage())
                    .contains("ingest.journal.max-size=4096", "% of", "not yet checkpointed", "nothing was written");
            JournalStats before = journal.stats();
            assertThat(before.lastSequence()).isEqualTo(last);

            assertThatThrownBy(() -> journal.append(batch(1000, 10))).hasMessageContaining("journal is full");
            JournalStats after = journal.stats();
            assertThat(after.lastSequence()).isEqualTo(last);
            assertThat(after.bytesOnDisk()).isEqualTo(before.bytesOnDisk()).isEqualTo(directoryBytes());
            assertThat(after.fullRejections()).isEqualTo(2);

            journal.checkpoint(last);
            assertThat(journal.appendDurably(batch(last + 1, 3))).isEqualTo(last + 3);
            assertThat(readThrough(journal.openReader(last), last + 3))
                    .extracting(JournalRecord::message)
                    .containsExactlyElementsOf(batch(last + 1, 3));
        }
    }

    @Test
    void lowDiskSpaceRejectsAppendsNamingTheFloor() {
        try (Journal journal = Journal.open(config().withMinFreeDiskBytes(Long.MAX_VALUE / 4))) {
            assertThatThrownBy(() -> journal.append(batch(1, 2)))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode().name())
                            .isEqualTo("JOURNAL_FULL"))
                    .hasMessageContaining("ingest.journal.min-free-disk=" + Long.MAX_VALUE / 4)
                    .hasMessageContaining("bytes usable");
            assertThat(journal.lastSequence()).isZero();
            assertThat(journal.stats().fullRejections()).isEqualTo(1);
            assertThat(journal.stats().bytesOnDisk()).isEqualTo(RecordFormat.SEGMENT_HEADER_BYTES);
        }
    }

    @Test
    void oversizedMessageRejectsTheBatchAndTheLargestAllowedRoundTrips() {
        try (Journal journal = Journal.open(config().withFsync(false))) {
            byte[] max = new byte[RecordFormat.MAX_PAYLOAD_BYTES];
            Arrays.fill(max, (byte) 'm');
            max[max.length - 1] = 'z';
            List<RawMessage> tooLarge = List.of(
                    message(1), new RawMessage(TestMessages.TENANT, "http", "", 1, new byte[max.length + 1]));
            assertThatThrownBy(() -> journal.append(tooLarge))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode().name())
                            .isEqualTo("JOURNAL_RECORD_TOO_LARGE"))
                    .hasMessageContaining("message 1 of the batch")
                    .hasMessageContaining((max.length + 1) + " bytes")
                    .hasMessageContaining("at most " + max.length);
            assertThat(journal.lastSequence()).isZero();

            RawMessage largest = new RawMessage(TestMessages.TENANT, "http", "", 1, max);
            journal.appendDurably(List.of(message(1), largest, message(3)));
            List<JournalRecord> records = readThrough(journal.openReader(0), 3);
            assertThat(records).extracting(JournalRecord::message).containsExactly(message(1), largest, message(3));
        }
    }

    @Test
    void concurrentAppendersGetContiguousSequencesAndLoseNothing() throws Exception {
        int threads = 8;
        int batchesPerThread = 60;
        JournalConfig config = config().withSegmentBytes(64 * 1024).withFlushInterval(Duration.ofMillis(2));
        long total = 0;
        try (Journal journal = Journal.open(config);
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<RawMessage>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<RawMessage> mine = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread; b++) {
                        List<RawMessage> batch = new ArrayList<>();
                        for (int i = 0; i <= (b * 7 + thread) % 13; i++) {
                            byte[] payload = ("t" + thread + "-" + mine.size()).getBytes(StandardCharsets.UTF_8);
                            batch.add(new RawMessage(TestMessages.TENANT, "t" + thread, "", b, payload));
                            mine.add(batch.getLast());
                        }
                        long last = journal.appendDurably(batch);
                        assertThat(journal.durableSequence()).isGreaterThanOrEqualTo(last);
                    }
                    return mine;
                }));
            }
            List<List<RawMessage>> perThread = new ArrayList<>();
            for (Future<List<RawMessage>> f : futures) {
                perThread.add(f.get(60, TimeUnit.SECONDS));
                total += perThread.getLast().size();
            }
            assertThat(journal.lastSequence()).isEqualTo(total);
            assertThat(journal.stats().fsyncs()).isLessThan(threads * batchesPerThread);

            List<JournalRecord> records = readThrough(journal.openReader(0), total);
            assertThat(records).hasSize((int) total);
            Map<String, List<RawMessage>> byThread = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                assertThat(records.get(i).sequence()).isEqualTo(i + 1);
                RawMessage m = records.get(i).message();
                byThread.computeIfAbsent(m.receiver(), k -> new ArrayList<>()).add(m);
            }
            for (int t = 0; t < threads; t++) {
                // every message of every thread, each once, in the order the thread appended them
                assertThat(byThread.get("t" + t)).containsExactlyElementsOf(perThread.get(t));
            }
        }
    }

    @Test
    void statsCountAppendsAndBytes() {
        try (Journal journal = Journal.open(config())) {
            journal.appendDurably(batch(1, 4));
            JournalStats stats = journal.stats();
            assertThat(stats.appendedRecords()).isEqualTo(4);
            assertThat(stats.bytesOnDisk()).isEqualTo(RecordFormat.SEGMENT_HEADER_BYTES + stats.appendedBytes());
            assertThat(stats.segments()).isEqualTo(1);
            assertThat(stats.lastSequence()).isEqualTo(4);
            assertThat(stats.durableSequence()).isEqualTo(4);
            assertThat(stats.fsyncs()).isGreaterThanOrEqualTo(1);
            assertThat(stats.corruptRecordsSkipped()).isZero();
            assertThat(stats.truncatedTailBytes()).isZero();
        }
    }

    private List<Long> segmentFirstSequences() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> RecordFormat.parseSegmentFileName(p.getFileName().toString()))
                    .filter(first -> first > 0)
                    .sorted()
                    .toList();
        }
    }

    private long directoryBytes() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> RecordFormat.parseSegmentFileName(p.getFileName().toString()) > 0)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
