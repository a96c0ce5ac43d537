package org.medsoc.benchmarks;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.medsoc.journal.Journal;
import org.medsoc.journal.JournalConfig;
import org.medsoc.journal.JournalReader;
import org.medsoc.journal.JournalRecord;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Appends batches of 256 syslog-sized (about 200 bytes) messages to the journal, against a naive baseline that
 * writes each record through a {@code DataOutputStream} and flushes it.
 *
 * <p>Scores are records/s ({@code append}) and payload-and-framing bytes/s ({@code append:bytes}). With
 * {@code fsync=true} the journal acknowledges each batch after its group-commit fsync ({@code appendDurably}) and
 * the baseline calls {@code FileDescriptor.sync()} once per batch; with {@code fsync=false} neither syncs. Run with
 * {@code -t 4} or more to see group commit share fsyncs between threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class JournalAppendBenchmark {
    static final int BATCH = 256;
    static final int PAYLOAD_BYTES = 200;
    /** Checkpoint (which deletes segments) every this many batches, so a long run does not fill the disk. */
    private static final int CHECKPOINT_EVERY = 256;
    private static final long NAIVE_ROTATE_BYTES = 256L << 20;

    @Param({"journal", "naive-stream"})
    public String impl;

    @Param({"false", "true"})
    public boolean fsync;

    private List<RawMessage> batch;
    private long batchBytes;
    private Path directory;
    private Journal journal;
    private FileOutputStream naiveFile;
    private DataOutputStream naiveOut;
    private long naiveWritten;
    private long batches;

    /** Bytes appended, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        batch = messages();
        batchBytes = 0;
        for (RawMessage m : batch) {
            batchBytes += m.payload().length + m.tenant().value().length() + m.receiver().length()
                    + m.peer().length() + 27 + 8;
        }
        directory = Files.createTempDirectory("medsoc-journal-bench");
        switch (impl) {
            case "journal" -> {
                journal = Journal.open(JournalConfig.defaults(directory)
                        .withMaxBytes(8L << 30)
                        .withMinFreeDiskBytes(256L << 20)
                        .withFsync(fsync)
                        .withFlushInterval(Duration.ofMillis(1)));
                verifyRoundTrip();
            }
            case "naive-stream" -> openNaive();
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    /** The journal returns exactly what was appended, before anything is measured. */
    private void verifyRoundTrip() {
        long last = journal.appendDurably(batch);
        try (JournalReader reader = journal.openReader(0)) {
            List<JournalRecord> records = new ArrayList<>();
            while (records.size() < batch.size()) {
                List<JournalRecord> more = reader.poll(BATCH, Duration.ofSeconds(10));
                if (more.isEmpty()) {
                    throw new IllegalStateException("journal returned " + records.size() + " of " + BATCH);
                }
                records.addAll(more);
            }
            for (int i = 0; i < batch.size(); i++) {
                if (!records.get(i).message().equals(batch.get(i)) || records.get(i).sequence() != i + 1) {
                    throw new IllegalStateException("journal returned a different record at " + i);
                }
            }
        }
        journal.checkpoint(last);
    }

    private void openNaive() throws IOException {
        naiveFile = new FileOutputStream(directory.resolve("naive.log").toFile());
        naiveOut = new DataOutputStream(new BufferedOutputStream(naiveFile, 8192));
        naiveWritten = 0;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long append(Bytes bytes) throws IOException {
        bytes.bytes += batchBytes;
        return switch (impl) {
            case "journal" -> appendJournal();
            case "naive-stream" -> appendNaive();
            default -> throw new IllegalArgumentException(impl);
        };
    }

    private long appendJournal() {
        long sequence = fsync ? journal.appendDurably(batch) : journal.append(batch);
        if (sequence / BATCH % CHECKPOINT_EVERY == 0) {
            long durable = journal.durableSequence();
            if (durable > journal.checkpoint()) {
                journal.checkpoint(durable);
            }
        }
        return sequence;
    }

    private synchronized long appendNaive() throws IOException {
        for (RawMessage m : batch) {
            naiveOut.writeLong(m.receivedAt());
            naiveOut.writeUTF(m.tenant().value());
            naiveOut.writeUTF(m.receiver());
            naiveOut.writeUTF(m.peer());
            naiveOut.writeBoolean(m.truncated());
            naiveOut.writeInt(m.payload().length);
            naiveOut.write(m.payload());
            naiveOut.flush();
        }
        if (fsync) {
            naiveFile.getFD().sync();
        }
        naiveWritten += batchBytes;
        if (naiveWritten > NAIVE_ROTATE_BYTES) {
            naiveOut.close();
            openNaive();
        }
        return ++batches;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (journal != null) {
            journal.close();
        }
        if (naiveOut != null) {
            naiveOut.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static List<RawMessage> messages() {
        List<RawMessage> out = new ArrayList<>(BATCH);
        TenantId tenant = TenantId.of("hospital-1");
        for (int i = 0; i < BATCH; i++) {
            StringBuilder line = new StringBuilder("<86>Jun 11 08:15:")
                    .append(10 + i % 50)
                    .append(" his-app-01 sshd[")
                    .append(4000 + i)
                    .append("]: Accepted publickey for nurse")
                    .append(i % 40)
                    .append(" from 10.20.")
                    .append(i % 255)
                    .append(".7 port 52")
                    .append(100 + i)
                    .append(" ssh2: RSA SHA256:");
            while (line.length() < PAYLOAD_BYTES) {
                line.append((char) ('a' + (line.length() * 7 + i) % 26));
            }
            out.add(new RawMessage(
                    tenant,
                    "syslog-tcp:6514",
                    "10.20." + (i % 255) + ".7",
                    1_781_000_000_000L + i,
                    line.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
