package org.medsoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

class FileTailReceiverTest {
    @TempDir
    Path root;

    private Path logs;
    private Path state;
    private CollectingSink sink = new CollectingSink();
    private FileTailReceiver receiver;

    @BeforeEach
    void directories() throws IOException {
        logs = Files.createDirectories(root.resolve("logs"));
        state = root.resolve("state/tail.offsets");
    }

    @AfterEach
    void closeReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private FileTailConfig config() {
        return FileTailConfig.defaults(logs, state)
                .withPollInterval(Duration.ofMillis(20))
                .withTenant(TenantId.of("hospital-a"));
    }

    private FileTailReceiver start(FileTailConfig config) {
        receiver = FileTailReceiver.create(config, sink);
        receiver.start();
        return receiver;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(
                file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsCompleteLinesAppendedInChunksAndWaitsForPartialLine() throws IOException {
        Path file = logs.resolve("his.log");
        append(file, "line one\nline two\r\nhalf of ");
        start(config());
        Await.until("two lines", () -> sink.count() == 2, sink::texts);
        append(file, "line three");
        append(file, "\n\nline four\n");
        Await.until("four lines", () -> sink.count() == 4, sink::texts);
        assertThat(sink.texts()).containsExactly("line one", "line two", "half of line three", "line four");
        RawMessage m = sink.messages().get(0);
        assertThat(m.receiver()).isEqualTo("file:" + logs);
        assertThat(m.peer()).isEmpty();
        assertThat(m.tenant()).isEqualTo(TenantId.of("hospital-a"));
        Await.until("stats", () -> receiver.stats().messages() == 4);
    }

    @Test
    void ignoresFilesNotMatchingTheGlobAndPicksUpNewFiles() throws IOException {
        append(logs.resolve("notes.txt"), "not a log\n");
        start(config());
        append(logs.resolve("new.log"), "appeared later\n");
        Await.until("the new file", () -> sink.count() == 1, sink::texts);
        assertThat(sink.texts()).containsExactly("appeared later");
    }

    @Test
    void followsRenameRotationWithoutLoss() throws IOException {
        Path file = logs.resolve("app.log");
        append(file, "before 1\nbefore 2\n");
        start(config());
        Await.until("first lines", () -> sink.count() == 2, sink::texts);
        Path rotated = logs.resolve("app.log.1");
        Files.move(file, rotated);
        append(rotated, "late write to old file\nunterminated last line");
        append(file, "new file 1\n");
        Await.until("all lines", () -> sink.count() == 5, sink::texts);
        List<String> texts = sink.texts();
        assertThat(texts).containsExactlyInAnyOrder(
                "before 1", "before 2", "late write to old file", "unterminated last line", "new file 1");
        assertThat(texts.indexOf("late write to old file")).isLessThan(texts.indexOf("unterminated last line"));
        Await.until("partial counted", () -> receiver.stats().partial() == 1);
        append(file, "new file 2\n");
        Await.until("new file continues", () -> sink.count() == 6, sink::texts);
        assertThat(sink.texts().get(5)).isEqualTo("new file 2");
    }

    @Test
    void restartsAtZeroAfterCopyTruncate() throws IOException {
        Path file = logs.resolve("copy.log");
        append(file, "old content line 1\nold content line 2\n");
        start(config());
        Await.until("old lines", () -> sink.count() == 2, sink::texts);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        append(file, "fresh 1\n");
        Await.until("fresh line", () -> sink.count() == 3, sink::texts);
        assertThat(sink.texts()).containsExactly("old content line 1", "old content line 2", "fresh 1");
    }

    @Test
    void resumesFromPersistedOffsetsAfterRestartWithoutLossOrDuplicates() throws IOException {
        Path file = logs.resolve("resume.log");
        List<String> expected = new ArrayList<>();
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            first.append("entry ").append(i).append('\n');
            expected.add("entry " + i);
        }
        append(file, first.toString() + "partial ");
        start(config());
        Await.until("first part", () -> sink.count() == 3000, sink::count);
        receiver.close();
        List<String> before = sink.texts();

        append(file, "completed while stopped\n");
        expected.add("partial completed while stopped");
        Path second = logs.resolve("second.log");
        append(second, "created while stopped\n");
        sink = new CollectingSink();
        start(config());
        Await.until("the lines written while stopped", () -> sink.count() == 2, sink::texts);
        append(file, "after restart\n");
        expected.add("after restart");
        Await.until("the line after restart", () -> sink.count() == 3, sink::texts);

        List<String> all = new ArrayList<>(before);
        all.addAll(sink.texts());
        assertThat(all).filteredOn(t -> !t.equals("created while stopped")).isEqualTo(expected);
        assertThat(all).contains("created while stopped");
    }

    @Test
    void startsAtEndOfExistingFilesOnFirstStartWhenAsked() throws IOException {
        Path file = logs.resolve("existing.log");
        append(file, "old 1\nold 2\nhalf");
        start(config().withStartAtEnd(true));
        append(file, " line\nnew 1\n");
        Await.until("new lines", () -> sink.count() == 2, sink::texts);
        assertThat(sink.texts()).containsExactly("half line", "new 1");
    }

    @Test
    void retriesRefusedBatchesWithoutAdvancingTheOffset() throws IOException {
        sink.refuseNext(3);
        Path file = logs.resolve("full.log");
        append(file, "a\nb\nc\n");
        start(config());
        Await.until("delivered after refusals", () -> sink.count() == 3, sink::texts);
        assertThat(sink.texts()).containsExactly("a", "b", "c");
        assertThat(sink.refusals()).isEqualTo(3);
        receiver.close();
        sink = new CollectingSink();
        start(config());
        append(file, "d\n");
        Await.until("only the new line", () -> sink.count() == 1, sink::texts);
        assertThat(sink.texts()).containsExactly("d");
    }

    @Test
    void truncatesLongLinesAndSkipsTheirRest() throws IOException {
        Path file = logs.resolve("long.log");
        append(file, "x".repeat(200) + "\nshort\n" + "y".repeat(100_000));
        start(config().withMaxMessageBytes(64));
        Await.until("cut lines", () -> sink.count() == 3, sink::texts);
        append(file, "yyy\nafter\n");
        Await.until("after", () -> sink.count() == 4, sink::texts);
        List<RawMessage> m = sink.messages();
        assertThat(sink.texts()).containsExactly("x".repeat(64), "short", "y".repeat(64), "after");
        assertThat(m.get(0).truncated()).isTrue();
        assertThat(m.get(1).truncated()).isFalse();
        assertThat(m.get(2).truncated()).isTrue();
        assertThat(receiver.stats().truncated()).isEqualTo(2);
    }

    @Test
    void survivesMissingDirectoryAndPicksItUpLater() throws IOException {
        Path later = root.resolve("later");
        receiver = FileTailReceiver.create(FileTailConfig.defaults(later, state).withPollInterval(Duration.ofMillis(20)),
                sink);
        receiver.start();
        Await.until("error counted", () -> receiver.stats().errors() == 1);
        Files.createDirectories(later);
        append(later.resolve("x.log"), "finally\n");
        Await.until("the line", () -> sink.count() == 1, sink::texts);
    }

    @Test
    void rejectsCorruptStateFileWithPreciseMessage() throws IOException {
        Files.createDirectories(state.getParent());
        Files.writeString(state, "something else\n");
        receiver = FileTailReceiver.create(config(), sink);
        assertThatThrownBy(receiver::start)
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(IngestErrorCode.TAIL_STATE_FAILED.toErrorCode()))
                .hasMessageContaining("delete it");
    }
}
