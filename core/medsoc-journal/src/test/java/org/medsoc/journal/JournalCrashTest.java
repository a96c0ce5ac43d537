package org.medsoc.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a JVM that is appending (SIGKILL) and checks that every acknowledged record survived, byte for byte. */
class JournalCrashTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesAKilledProcess() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path journalDir = dir.resolve("round-" + round);
            long acknowledged = runAndKill(journalDir, 200 + round * 300);
            try (Journal journal = Journal.open(JournalConfig.defaults(journalDir).withMinFreeDiskBytes(0))) {
                assertThat(journal.lastSequence()).isGreaterThanOrEqualTo(acknowledged);
                List<JournalRecord> records = new ArrayList<>();
                try (JournalReader reader = journal.openReader(0)) {
                    while (records.size() < journal.lastSequence()) {
                        List<JournalRecord> more = reader.poll(10_000, Duration.ofSeconds(10));
                        assertThat(more).isNotEmpty();
                        records.addAll(more);
                    }
                }
                for (int i = 0; i < records.size(); i++) {
                    // acknowledged or not, whatever is there is a genuine record in its place
                    assertThat(records.get(i).sequence()).isEqualTo(i + 1);
                    assertThat(records.get(i).message()).isEqualTo(TestMessages.message(i + 1));
                }
                assertThat(journal.stats().corruptRecordsSkipped()).isZero();
                assertThat(journal.appendDurably(TestMessages.batch(1, 1))).isEqualTo(journal.lastSequence());
            }
        }
    }

    /** Starts the child, reads at least {@code minAcks} acknowledgements, kills it; returns the highest one seen. */
    private static long runAndKill(Path journalDir, int minAcks) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        JournalCrashChild.class.getName(),
                        journalDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long acknowledged = 0;
        int acks = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                assertThat(line).startsWith("ack ");
                acknowledged = Long.parseLong(line.substring(4));
                if (++acks == minAcks) {
                    // SIGKILL through the handle: Process.destroyForcibly would also close our end of stdout,
                    // losing acknowledgements printed just before the kill
                    child.toHandle().destroyForcibly();
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acks).isGreaterThanOrEqualTo(minAcks);
        assertThat(child.exitValue()).isNotZero();
        return acknowledged;
    }
}
