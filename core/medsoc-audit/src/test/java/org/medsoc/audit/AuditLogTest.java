package org.medsoc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;

class AuditLogTest {
    private static final TenantId H1 = TenantId.of("h1");
    private static final TenantId H2 = TenantId.of("h2");
    private static final Actor ANA = new Actor("u-ana", "ana");

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T08:00:00.123456789Z"));

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void recordsAreReadBackExactlyAndTheChainVerifies(Dialect dialect) {
        try (Database db = TestDatabases.open(dialect, dir)) {
            AuditLog log = AuditLog.create(db, clock);
            assertThat(log.verify().intact()).isTrue();
            AuditRecord first = log.record(AuditEntry.of(ANA, Optional.of(H1), "incident.transition", Outcome.SUCCESS)
                    .withTarget("incident", "INC-7")
                    .withClientAddress("10.1.2.3")
                    .withDetails("{\"from\":\"open\",\"to\":\"contained\",\"note\":\"病历 ok\"}"));
            clock.advance(Duration.ofSeconds(1));
            AuditRecord second = log.record(AuditEntry.of(Actor.SYSTEM, Optional.empty(), "user.login.failed",
                    Outcome.DENIED));
            assertThat(first.sequence()).isEqualTo(1);
            assertThat(second.sequence()).isEqualTo(2);
            assertThat(first.time()).isEqualTo(Instant.parse("2026-11-25T08:00:00.123456Z"));
            List<AuditRecord> all = log.query(new AuditQuery(Set.of(H1), true, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), 0, 10));
            assertThat(all).containsExactly(second, first);
            assertThat(log.head()).contains(second);
            ChainVerification v = log.verify();
            assertThat(v.intact()).isTrue();
            assertThat(v.checked()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void verifyFindsTheFirstEditedRemovedOrTruncatedRow(Dialect dialect) {
        try (Database db = TestDatabases.open(dialect, dir)) {
            AuditLog log = AuditLog.create(db, clock);
            for (int i = 0; i < 20; i++) {
                log.record(AuditEntry.of(ANA, Optional.of(H1), "search.events", Outcome.SUCCESS)
                        .withDetails("{\"query\":\"q" + i + "\"}"));
            }
            unguarded(db, "UPDATE audit_log SET outcome = 'DENIED' WHERE seq = 7");
            ChainVerification edited = log.verify();
            assertThat(edited.firstBroken()).contains(7L);
            assertThat(edited.reason().orElseThrow()).contains("edited");
            unguarded(db, "UPDATE audit_log SET outcome = 'SUCCESS' WHERE seq = 7");
            assertThat(log.verify().intact()).isTrue();
            unguarded(db, "UPDATE audit_log SET action = 'NOT VALID' WHERE seq = 9");
            assertThat(log.verify().firstBroken()).contains(9L);
            unguarded(db, "UPDATE audit_log SET action = 'search.events' WHERE seq = 9");
            unguarded(db, "DELETE FROM audit_log WHERE seq = 12");
            ChainVerification removed = log.verify();
            assertThat(removed.firstBroken()).contains(13L);
            assertThat(removed.reason().orElseThrow()).contains("rows 12 to 12 are missing");
            unguarded(db, "DELETE FROM audit_log WHERE seq >= 12");
            assertThat(log.verify().reason().orElseThrow()).contains("missing at the end");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void postgresqlRefusesUpdatesAndDeletesOutsideThePurge(Dialect dialect) {
        try (Database db = TestDatabases.open(dialect, dir)) {
            AuditLog log = AuditLog.create(db, clock);
            log.record(AuditEntry.of(ANA, Optional.of(H1), "rule.update", Outcome.SUCCESS));
            if (dialect == Dialect.POSTGRESQL) {
                assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET outcome = 'FAILED'")))
                        .hasMessageContaining("append-only");
                assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log")))
                        .hasMessageContaining("append-only");
                assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("TRUNCATE audit_log")))
                        .hasMessageContaining("append-only");
            } else {
                // H2 has no database-side guard (documented); the chain still shows the change
                db.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET outcome = 'FAILED'"));
                assertThat(log.verify().firstBroken()).contains(1L);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void queriesFilterByTenantTimeActorAndActionAndPageNewestFirst(Dialect dialect) {
        try (Database db = TestDatabases.open(dialect, dir)) {
            AuditLog log = AuditLog.create(db, clock);
            Instant start = clock.instant();
            for (int i = 0; i < 10; i++) {
                log.record(AuditEntry.of(i % 2 == 0 ? ANA : Actor.SYSTEM, Optional.of(i < 6 ? H1 : H2),
                        i % 3 == 0 ? "user.login.failed" : "incident.update", Outcome.SUCCESS));
                clock.advance(Duration.ofMinutes(1));
            }
            log.record(AuditEntry.of(ANA, Optional.empty(), "tenant.create", Outcome.SUCCESS));
            assertThat(log.query(AuditQuery.of(Set.of(H1), 100))).extracting(AuditRecord::sequence)
                    .containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
            assertThat(log.query(AuditQuery.of(Set.of(), 100))).isEmpty();
            assertThat(log.query(new AuditQuery(Set.of(H1, H2), false, Optional.of(start.plus(Duration.ofMinutes(2))),
                            Optional.of(start.plus(Duration.ofMinutes(5))), Optional.empty(), Optional.empty(), 0, 100)))
                    .extracting(AuditRecord::sequence)
                    .containsExactly(5L, 4L, 3L);
            assertThat(log.query(new AuditQuery(Set.of(H1, H2), false, Optional.empty(), Optional.empty(),
                            Optional.of("u-ana"), Optional.of("user.login"), 0, 100)))
                    .extracting(AuditRecord::sequence)
                    .containsExactly(7L, 1L);
            assertThat(log.query(new AuditQuery(Set.of(H1, H2), true, Optional.empty(), Optional.empty(),
                            Optional.empty(), Optional.of("user_"), 0, 100)))
                    .as("LIKE wildcards in the prefix are literal")
                    .isEmpty();
            assertThat(log.query(new AuditQuery(Set.of(H1, H2), true, Optional.empty(), Optional.empty(),
                            Optional.empty(), Optional.empty(), 3, 4)))
                    .extracting(AuditRecord::sequence)
                    .containsExactly(8L, 7L, 6L, 5L);
            assertThatThrownBy(() -> AuditQuery.of(Set.of(H1), 0)).isInstanceOf(MedsocException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void retentionDeletesOldRecordsRecordsItselfAndKeepsTheChainVerifiable(Dialect dialect) {
        try (Database db = TestDatabases.open(dialect, dir)) {
            AuditLog log = AuditLog.create(db, clock);
            for (int i = 0; i < 10; i++) {
                log.record(AuditEntry.of(ANA, Optional.of(H1), "alert.close", Outcome.SUCCESS));
                clock.advance(Duration.ofDays(1));
            }
            assertThat(log.purgeOlderThan(Duration.ofDays(4), Actor.SYSTEM)).isEqualTo(6);
            List<AuditRecord> left = log.query(new AuditQuery(Set.of(H1), true, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), 0, 100));
            assertThat(left).extracting(AuditRecord::sequence).containsExactly(11L, 10L, 9L, 8L, 7L);
            assertThat(left.getFirst().entry().action()).isEqualTo("audit.purge");
            assertThat(left.getFirst().entry().details().orElseThrow()).contains("\"deleted\":6");
            assertThat(log.verify().intact()).isTrue();
            log.record(AuditEntry.of(ANA, Optional.of(H1), "alert.close", Outcome.SUCCESS));
            assertThat(log.verify().intact()).isTrue();
            assertThat(log.purgeOlderThan(Duration.ofDays(100), Actor.SYSTEM)).isZero();
            assertThat(log.verify().intact()).isTrue();
            // removing the oldest kept row is still noticed
            unguarded(db, "DELETE FROM audit_log WHERE seq = 7");
            assertThat(log.verify().firstBroken()).contains(8L);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentAppendsFromManyThreadsKeepOneValidChain(Dialect dialect) throws Exception {
        try (Database db = TestDatabases.open(dialect, dir)) {
            AuditLog one = AuditLog.create(db, Clock.systemUTC());
            AuditLog two = AuditLog.create(db, Clock.systemUTC()); // a second node on the same database
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                AuditLog log = t % 2 == 0 ? one : two;
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        log.record(AuditEntry.of(ANA, Optional.of(thread % 3 == 0 ? H1 : H2), "search.events",
                                Outcome.SUCCESS).withDetails("{\"thread\":" + thread + ",\"i\":" + i + "}"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            ChainVerification v = one.verify();
            assertThat(v.intact()).as(v.reason().orElse("")).isTrue();
            assertThat(v.checked()).isEqualTo(150);
            assertThat(one.head().orElseThrow().sequence()).isEqualTo(150);
        }
    }

    @org.junit.jupiter.api.Test
    void rejectsMalformedEntries() {
        assertThatThrownBy(() -> AuditEntry.of(ANA, Optional.empty(), "Bad Action", Outcome.SUCCESS))
                .hasMessageContaining("dotted lowercase");
        assertThatThrownBy(() -> AuditEntry.of(ANA, Optional.empty(), "a.b", Outcome.SUCCESS).withDetails("plain"))
                .hasMessageContaining("JSON");
        assertThatThrownBy(() -> AuditEntry.of(ANA, Optional.empty(), "a.b", Outcome.SUCCESS)
                        .withDetails("{\"x\":\"" + "y".repeat(5000) + "\"}"))
                .hasMessageContaining("at most 4000");
    }

    /** Runs a statement the way an attacker with table-owner rights would: past the PostgreSQL trigger. */
    private static void unguarded(Database db, String sql) {
        db.jdbi().useTransaction(h -> {
            if (db.dialect() == Dialect.POSTGRESQL) {
                h.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
            }
            h.execute(sql);
            if (db.dialect() == Dialect.POSTGRESQL) {
                h.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
            }
        });
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
