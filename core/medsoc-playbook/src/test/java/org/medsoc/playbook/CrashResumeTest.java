package org.medsoc.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;

/**
 * Kills an executor process (SIGKILL) while it waits for the answer to a run's second step, then resumes the run in
 * this JVM from the database: the confirmed first step is not repeated, the second is redone with the same idempotency
 * key, and the run completes.
 */
class CrashResumeTest {
    private static final TenantId TENANT = TenantId.of("hospital-a");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void resumesARunFromTheDatabaseAfterTheWorkerWasKilled(Dialect dialect) throws Exception {
        DatabaseConfig base = TestDatabases.config(dialect, dir);
        // H2: the first process to open the file serves it to the others (this JVM), so both can use it at once
        DatabaseConfig config = dialect == Dialect.H2
                ? new DatabaseConfig(base.url() + ";AUTO_SERVER=TRUE", base.user(), base.password(), 4)
                : base;
        try (LoopbackServer server = new LoopbackServer(); Database db = Database.open(config)) {
            server.hold("/two");
            RunId id;
            try (PlaybookExecutor starter = PlaybookExecutor.builder(db).workerId("starter").build()) {
                id = starter.start(TENANT, Resources.playbook("playbooks/run/crash.yml"), Map.of("base", server.base()));
            }

            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                            CrashChild.class.getName(), config.url(), config.user(), config.password())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                assertThat(server.awaitArrival("/two", 60))
                        .as("the child reaches step two; its output: %s", Files.exists(log) ? Files.readString(log) : "")
                        .isTrue();
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            server.release("/two");

            try (PlaybookExecutor resumer = PlaybookExecutor.builder(db)
                    .workerId("resumer")
                    // later than the dead child's lease (1 min beyond the 30 s step timeout)
                    .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)))
                    .build()) {
                PlaybookRun killed = resumer.run(TENANT, id).orElseThrow();
                assertThat(killed.state()).isEqualTo(RunState.RUNNING);
                assertThat(killed.stepIndex()).isEqualTo(1);
                assertThat(resumer.timeline(TENANT, id)).extracting(a -> a.stepId() + ":" + a.state())
                        .containsExactly("one:CONFIRMED", "two:STARTED");

                resumer.runDue();

                assertThat(resumer.run(TENANT, id).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
                List<StepAttempt> timeline = resumer.timeline(TENANT, id);
                assertThat(timeline).extracting(a -> a.stepId() + "#" + a.attempt() + ":" + a.state())
                        .containsExactly("one#1:CONFIRMED", "two#1:ABANDONED", "two#2:CONFIRMED", "three#1:CONFIRMED");
                assertThat(timeline.get(1).error().orElseThrow()).contains("worker was lost").contains(id + ":two");
            }
            assertThat(server.requests("/one")).as("a confirmed step is never repeated").hasSize(1);
            List<LoopbackServer.Request> two = server.requests("/two");
            assertThat(two).hasSize(2);
            assertThat(two.get(1).header("Idempotency-Key")).isEqualTo(two.get(0).header("Idempotency-Key"))
                    .isEqualTo(id + ":two");
            assertThat(server.requests("/three")).hasSize(1);
        }
    }
}
