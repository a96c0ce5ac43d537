package org.medsoc.testing.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.database.Dialect;

/**
 * Opens real, empty databases for repository tests: an H2 file database in a temporary directory, or a new
 * database on an embedded PostgreSQL server (real PostgreSQL binaries from Maven Central, started once per test JVM
 * and stopped at exit). Write repository tests as {@code @ParameterizedTest @EnumSource(Dialect.class)} and open
 * with {@link #open(Dialect, Path)} so every test runs on both.
 */
public final class TestDatabases {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static @Nullable EmbeddedPostgres postgres;

    private TestDatabases() {}

    /** A fresh, empty database of the dialect (H2 files go into {@code dir}); the caller closes it. */
    public static Database open(Dialect dialect, Path dir) {
        return Database.open(config(dialect, dir));
    }

    /** The configuration of a fresh, empty database of the dialect. */
    public static DatabaseConfig config(Dialect dialect, Path dir) {
        return switch (dialect) {
            case H2 -> DatabaseConfig.embedded(dir.resolve("h2-" + NEXT.incrementAndGet()));
            case POSTGRESQL -> {
                EmbeddedPostgres pg = postgres();
                String name = "medsoc_test_" + NEXT.incrementAndGet();
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot create test database " + name, e);
                }
                yield new DatabaseConfig(pg.getJdbcUrl("postgres", name), "postgres", "postgres", 4);
            }
        };
    }

    /** The embedded PostgreSQL server of this JVM, started on first use. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the server's directory is temporary
                    }
                }, "embedded-postgres-stop"));
                postgres = pg;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return postgres;
    }
}
