package org.medsoc.testing.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.common.Settings;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;

class DatabaseTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void appliesModuleMigrationsOnceAndInOrder(Dialect dialect) {
        try (Database db = TestDatabases.open(dialect, dir)) {
            assertThat(db.dialect()).isEqualTo(dialect);
            assertThat(db.migrate("sample")).isEqualTo(2);
            assertThat(db.migrate("sample")).isZero();
            db.jdbi().useHandle(h -> {
                h.execute("INSERT INTO sample_note (tenant_id, id, body, created_at) VALUES (?, ?, ?, ?)",
                        "h1", 1L, "病历导出 checked", OffsetDateTime.of(2026, 11, 25, 8, 0, 0, 0, ZoneOffset.UTC));
                h.execute("INSERT INTO sample_note_tag (tenant_id, note_id, tag) VALUES ('h1', 1, 'a')");
            });
            List<String> bodies = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT body FROM sample_note WHERE tenant_id = :t").bind("t", "h1").mapTo(String.class).list());
            assertThat(bodies).containsExactly("病历导出 checked");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void translatesDuplicateKeysIntoAPreciseError(Dialect dialect) {
        try (Database db = TestDatabases.open(dialect, dir)) {
            db.migrate("sample");
            String insert = "INSERT INTO sample_note (tenant_id, id, body, created_at) VALUES ('h1', 7, 'x', CURRENT_TIMESTAMP)";
            db.jdbi().useHandle(h -> h.execute(insert));
            assertThatThrownBy(() -> {
                try {
                    db.jdbi().useHandle(h -> h.execute(insert));
                } catch (RuntimeException e) {
                    throw Database.translate(e, "note 7");
                }
            }).isInstanceOfSatisfying(MedsocException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(DatabaseErrorCode.DUPLICATE_KEY.toErrorCode());
                assertThat(e.getMessage()).isEqualTo("note 7 already exists");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFailedMigrationNamesTheModuleAndTheDatabase(Dialect dialect) {
        try (Database db = TestDatabases.open(dialect, dir)) {
            assertThatThrownBy(() -> db.migrate("broken"))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(DatabaseErrorCode.MIGRATION_FAILED.toErrorCode()))
                    .hasMessageContaining("module 'broken'")
                    .hasMessageContaining(dialect.name());
        }
    }

    @Test
    void aModuleWithoutMigrationsIsAnError() {
        try (Database db = TestDatabases.open(Dialect.H2, dir)) {
            assertThatThrownBy(() -> db.migrate("nothing_here"))
                    .isInstanceOf(MedsocException.class)
                    .hasMessageContaining("nothing_here");
            assertThatThrownBy(() -> db.migrate("Bad Name"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theEmbeddedDefaultLivesInTheDataDirectoryAndSurvivesReopening() {
        DatabaseConfig config = DatabaseConfig.fromSettings(Settings.empty(), dir);
        assertThat(config.dialect()).isEqualTo(Dialect.H2);
        assertThat(config.url()).contains(dir.toAbsolutePath().resolve("db").toString()).contains("MODE=PostgreSQL");
        assertThat(new DatabaseConfig(config.url(), "u", "s3cret", 2).toString()).doesNotContain("s3cret");
        try (Database db = Database.open(config)) {
            db.migrate("sample");
            db.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO sample_note (tenant_id, id, body, created_at) VALUES ('h1', 1, 'kept', CURRENT_TIMESTAMP)"));
        }
        try (Database db = Database.open(config)) {
            assertThat(db.migrate("sample")).isZero();
            String body = db.jdbi().withHandle(h -> h.createQuery("SELECT body FROM sample_note").mapTo(String.class).one());
            assertThat(body).isEqualTo("kept");
        }
    }

    @Test
    void rejectsAnUnknownDatabaseProduct() {
        assertThatThrownBy(() -> DatabaseConfig.fromSettings(Settings.of(java.util.Map.of("db.url", "jdbc:mysql://x/y")), dir))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("jdbc:mysql://x/y");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:h2:mem:x", "u", "p", 0))
                .hasMessageContaining("db.pool.max-size");
    }

    @Test
    void anEmbeddedDatabaseLeftOpenByAKilledProcessIsRebuiltFromItsCommittedData() throws Exception {
        DatabaseConfig config = DatabaseConfig.fromSettings(Settings.empty(), dir);
        Path base = dir.toAbsolutePath().resolve("db");
        try (Database db = Database.open(config)) {
            db.migrate("sample");
            db.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO sample_note (tenant_id, id, body, created_at) VALUES ('h1', 1, '保留', CURRENT_TIMESTAMP)"));
            assertThat(base.resolve("medsoc.open")).exists();
        }
        assertThat(base.resolve("medsoc.open")).as("a clean close removes the marker").doesNotExist();
        // a process killed while the database was open leaves the marker behind
        java.nio.file.Files.writeString(base.resolve("medsoc.open"), "opened by pid 1\n");
        try (Database db = Database.open(config)) {
            assertThat(base.resolve("medsoc.mv.db.unclean")).exists();
            assertThat(db.migrate("sample")).isZero();
            String body = db.jdbi().withHandle(h -> h.createQuery("SELECT body FROM sample_note").mapTo(String.class).one());
            assertThat(body).isEqualTo("保留");
            db.jdbi().useHandle(h -> h.execute("UPDATE sample_note SET body = 'changed' WHERE id = 1"));
        }
        assertThat(base.resolve("medsoc.recovery.sql")).doesNotExist();
    }
}
