package org.medsoc.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.journal.JournalTest.readThrough;
import static org.medsoc.journal.TestMessages.batch;
import static org.medsoc.journal.TestMessages.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecoveryTest {
    @TempDir
    Path dir;

    private JournalConfig config(Path directory) {
        return JournalConfig.defaults(directory).withMinFreeDiskBytes(0);
    }

    /** Writes records 1..count into a fresh journal in {@code directory} and returns its single segment's bytes. */
    private byte[] writeSegment(Path directory, int count) throws IOException {
        try (Journal journal = Journal.open(config(directory))) {
            journal.appendDurably(batch(1, count));
        }
        return Files.readAllBytes(directory.resolve(RecordFormat.segmentFileName(1)));
    }

    /** Start offsets of the records of a segment, plus its end. */
    private static List<Integer> recordOffsets(byte[] segment) {
        List<Integer> offsets = new ArrayList<>();
        int p = RecordFormat.SEGMENT_HEADER_BYTES;
        while (p < segment.length) {
            offsets.add(p);
            p += RecordFormat.PREFIX_BYTES + (int) RecordFormat.INT.get(segment, p);
        }
        offsets.add(p);
        return offsets;
    }

    @Test
    void tornTailAtEveryOffsetOfTheLastRecordIsTruncatedAndTheRestKept() throws IOException {
        byte[] segment = writeSegment(dir.resolve("source"), 5);
        List<Integer> offsets = recordOffsets(segment);
        int lastStart = offsets.get(4);
        assertThat(offsets.get(5)).isEqualTo(segment.length);
        for (int cut = lastStart; cut <= segment.length; cut++) {
            Path d = dir.resolve("cut-" + cut);
            Files.createDirectories(d);
            Files.write(d.resolve(RecordFormat.segmentFileName(1)), Arrays.copyOf(segment, cut));
            boolean whole = cut == segment.length;
            try (Journal journal = Journal.open(config(d))) {
                assertThat(journal.lastSequence()).as("cut at %d", cut).isEqualTo(whole ? 5 : 4);
                assertThat(journal.stats().truncatedTailBytes()).isEqualTo(whole ? 0 : cut - lastStart);
                List<JournalRecord> records = readThrough(journal.openReader(0), journal.lastSequence());
                assertThat(records).extracting(JournalRecord::message).containsExactlyElementsOf(batch(1, whole ? 5 : 4));
                assertThat(journal.appendDurably(batch(100, 1))).isEqualTo(whole ? 6 : 5);
            }
            // the kept bytes are untouched and the new record follows them directly
            byte[] after = Files.readAllBytes(d.resolve(RecordFormat.segmentFileName(1)));
            int kept = whole ? segment.length : lastStart;
            assertThat(Arrays.copyOf(after, kept)).isEqualTo(Arrays.copyOf(segment, kept));
            assertThat(recordOffsets(after)).hasSize(whole ? 7 : 6);
        }
    }

    @Test
    void garbageAfterTheLastRecordIsTruncated() throws IOException {
        byte[] segment = writeSegment(dir.resolve("source"), 20);
        Random random = new Random(42);
        for (int garbage : new int[] {1, 7, 35, 100, 5000}) {
            for (boolean zeros : new boolean[] {false, true}) {
                Path d = dir.resolve("garbage-" + garbage + "-" + zeros);
                Files.createDirectories(d);
                byte[] tail = new byte[garbage];
                if (!zeros) {
                    random.nextBytes(tail);
                }
                byte[] file = Arrays.copyOf(segment, segment.length + garbage);
                System.arraycopy(tail, 0, file, segment.length, garbage);
                Files.write(d.resolve(RecordFormat.segmentFileName(1)), file);
                try (Journal journal = Journal.open(config(d))) {
                    assertThat(journal.lastSequence()).isEqualTo(20);
                    assertThat(journal.stats().truncatedTailBytes()).isEqualTo(garbage);
                    assertThat(readThrough(journal.openReader(0), 20))
                            .extracting(JournalRecord::message)
                            .containsExactlyElementsOf(batch(1, 20));
                }
            }
        }
    }

    @Test
    void bitFlipInTheActiveSegmentIsSkippedAndCountedNotTakenForATornTail() throws IOException {
        byte[] segment = writeSegment(dir, 20);
        List<Integer> offsets = recordOffsets(segment);
        int middle = (offsets.get(9) + offsets.get(10)) / 2; // inside record 10
        segment[middle] ^= 0x10;
        Files.write(dir.resolve(RecordFormat.segmentFileName(1)), segment);
        try (Journal journal = Journal.open(config(dir))) {
            assertThat(journal.lastSequence()).isEqualTo(20);
            assertThat(journal.stats().truncatedTailBytes()).isZero();
            List<JournalRecord> records = readThrough(journal.openReader(0), 20);
            assertThat(records).extracting(JournalRecord::sequence).doesNotContain(10L).hasSize(19);
            records.forEach(r -> assertThat(r.message()).isEqualTo(message(r.sequence())));
            assertThat(journal.stats().corruptRecordsSkipped()).isEqualTo(1);
            assertThat(journal.appendDurably(batch(21, 1))).isEqualTo(21);
        }
    }

    @Test
    void corruptionInASealedSegmentIsSkippedAndCounted() throws IOException {
        JournalConfig config = config(dir).withSegmentBytes(1024).withMaxBytes(1 << 30);
        try (Journal journal = Journal.open(config)) {
            journal.appendDurably(batch(1, 60));
        }
        Path first = dir.resolve(RecordFormat.segmentFileName(1));
        byte[] segment = Files.readAllBytes(first);
        List<Integer> offsets = recordOffsets(segment);
        assertThat(offsets.size()).isGreaterThan(4);
        segment[offsets.get(1) + 2] ^= 0x01; // length field of record 2
        segment[(offsets.get(3) + offsets.get(4)) / 2] ^= (byte) 0x80; // body of record 4
        Files.write(first, segment);
        try (Journal journal = Journal.open(config)) {
            List<JournalRecord> records = readThrough(journal.openReader(0), 60);
            assertThat(records).extracting(JournalRecord::sequence).doesNotContain(2L, 4L).hasSize(58);
            records.forEach(r -> assertThat(r.message()).isEqualTo(message(r.sequence())));
            assertThat(journal.stats().corruptRecordsSkipped()).isEqualTo(2);
        }
    }

    @Test
    void segmentWithATornHeaderIsRecreated() throws IOException {
        JournalConfig config = config(dir).withSegmentBytes(1024).withMaxBytes(1 << 30);
        long last;
        try (Journal journal = Journal.open(config)) {
            last = journal.appendDurably(batch(1, 30));
        }
        // a crash while a roll created the next segment: its header only partly written
        Files.write(dir.resolve(RecordFormat.segmentFileName(last + 1)), new byte[] {'M', 'S'});
        try (Journal journal = Journal.open(config)) {
            assertThat(journal.lastSequence()).isEqualTo(last);
            assertThat(journal.stats().truncatedTailBytes()).isEqualTo(2);
            assertThat(journal.appendDurably(batch(last + 1, 2))).isEqualTo(last + 2);
            assertThat(readThrough(journal.openReader(0), last + 2))
                    .extracting(JournalRecord::message)
                    .containsExactlyElementsOf(batch(1, (int) last + 2));
        }
    }

    @Test
    void sequencesResumeAfterTheCheckpointWhenSegmentsWereRemoved() throws IOException {
        JournalConfig config = config(dir).withSegmentBytes(1024).withMaxBytes(1 << 30);
        try (Journal journal = Journal.open(config)) {
            journal.appendDurably(batch(1, 40));
            journal.checkpoint(40);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.delete(p);
            }
        }
        try (Journal journal = Journal.open(config)) {
            assertThat(journal.lastSequence()).isEqualTo(40);
            assertThat(journal.appendDurably(batch(41, 1))).isEqualTo(41);
            assertThat(journal.openReader(40).poll(10, Duration.ofSeconds(10)))
                    .extracting(JournalRecord::message)
                    .containsExactly(message(41));
        }
    }

    /** Seeded mutation fuzzing of the last segment: open never fails and returns only genuine records, in order. */
    @Test
    void randomDamageToTheLastSegmentNeverBreaksOpenOrReading() throws IOException {
        byte[] segment = writeSegment(dir.resolve("source"), 40);
        Random random = new Random(20240611);
        for (int iteration = 0; iteration < 150; iteration++) {
            byte[] damaged = mutate(segment, random);
            Path d = dir.resolve("fuzz-" + iteration);
            Files.createDirectories(d);
            Files.write(d.resolve(RecordFormat.segmentFileName(1)), damaged);
            try (Journal journal = Journal.open(config(d).withFsync(false))) {
                long last = journal.lastSequence();
                assertThat(last).isBetween(0L, 40L);
                List<JournalRecord> records = last == 0 ? List.of() : readUpTo(journal, last);
                long previous = 0;
                for (JournalRecord r : records) {
                    assertThat(r.sequence()).isGreaterThan(previous).isLessThanOrEqualTo(last);
                    assertThat(r.message()).isEqualTo(message(r.sequence()));
                    previous = r.sequence();
                }
                assertThat(journal.appendDurably(batch(1000, 1))).isEqualTo(last + 1);
            }
        }
    }

    private static List<JournalRecord> readUpTo(Journal journal, long last) {
        List<JournalRecord> out = new ArrayList<>();
        try (JournalReader reader = journal.openReader(0)) {
            while (out.isEmpty() || out.getLast().sequence() < last) {
                List<JournalRecord> records = reader.poll(1000, Duration.ZERO);
                if (records.isEmpty()) {
                    break; // the record `last` itself may be the one after a skipped region: still checked above
                }
                out.addAll(records);
            }
        }
        return out;
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int header = RecordFormat.SEGMENT_HEADER_BYTES;
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (b.length > header) {
                        b[header + random.nextInt(b.length - header)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> b = Arrays.copyOf(b, header + random.nextInt(b.length - header + 1));
                case 2 -> {
                    int at = header + random.nextInt(b.length - header + 1);
                    byte[] inserted = new byte[1 + random.nextInt(64)];
                    random.nextBytes(inserted);
                    byte[] grown = new byte[b.length + inserted.length];
                    System.arraycopy(b, 0, grown, 0, at);
                    System.arraycopy(inserted, 0, grown, at, inserted.length);
                    System.arraycopy(b, at, grown, at + inserted.length, b.length - at);
                    b = grown;
                }
                default -> {
                    byte[] tail = new byte[random.nextInt(300)];
                    random.nextBytes(tail);
                    int at = b.length;
                    b = Arrays.copyOf(b, b.length + tail.length);
                    System.arraycopy(tail, 0, b, at, tail.length);
                }
            }
        }
        return b;
    }
}
