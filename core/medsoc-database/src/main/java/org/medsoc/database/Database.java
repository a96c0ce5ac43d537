package org.medsoc.database;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.medsoc.spi.error.MedsocException;

/**
 * An open relational store: a connection pool, the schema migrations of each module, and a {@link Jdbi} to run
 * statements. Modules call {@link #migrate(String)} once at start with their own name; their migrations live under
 * {@code db/migration/<module>} on the class path and are tracked in their own history table
 * {@code flyway_<module>_history}, so modules version their schemas independently.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final DatabaseConfig config;
    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private Database(DatabaseConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /** Opens the pool and checks that the database answers. */
    public static Database open(DatabaseConfig config) {
        requireNonNull(config, "config is null");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.url());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.maxPoolSize());
        hc.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hc.setPoolName("medsoc-db");
        hc.setInitializationFailTimeout(10_000);
        if (config.dialect() == Dialect.H2) {
            H2Recovery.beforeOpen(config);
        }
        try {
            HikariDataSource pool = new HikariDataSource(hc);
            LOG.log(System.Logger.Level.INFO, "relational store open: {0}", config.dialect());
            return new Database(config, pool);
        } catch (RuntimeException e) {
            throw new MedsocException(DatabaseErrorCode.DATABASE_UNAVAILABLE,
                    "cannot open the database at " + config.url() + ": " + rootMessage(e)
                            + "; check db.url, db.user and db.password", e);
        }
    }

    /**
     * Applies the module's pending migrations ({@code classpath:db/migration/<module>}); answers how many were
     * applied. Safe to call on every start: applied migrations are skipped, and an edited applied migration fails
     * validation instead of running twice.
     */
    public int migrate(String module) {
        if (!MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module name must match " + MODULE + ": " + module);
        }
        try {
            MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration/" + module)
                    .table("flyway_" + module + "_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new MedsocException(DatabaseErrorCode.MIGRATION_FAILED,
                    "schema migration of module '" + module + "' failed on " + config.dialect() + ": "
                            + rootMessage(e), e);
        }
    }

    /**
     * Runs {@code work} in one transaction; a failure is translated with {@link #translate} (naming {@code what}) and
     * logged when it was not already a medsoc error.
     */
    public <T> T inTransaction(String what, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (RuntimeException e) {
            MedsocException m = translate(e, what);
            if (m != e) {
                LOG.log(System.Logger.Level.WARNING, "{0} failed: {1}", what, m.getMessage());
            }
            throw m;
        }
    }

    /** The statement runner. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return pool;
    }

    /** The database product. */
    public Dialect dialect() {
        return config.dialect();
    }

    /**
     * Translates a failed statement into medsoc's errors: unique-key violations become {@link
     * DatabaseErrorCode#DUPLICATE_KEY} with {@code what} in the message, anything else {@link
     * DatabaseErrorCode#STATEMENT_FAILED}.
     */
    public static MedsocException translate(RuntimeException e, String what) {
        if (e instanceof MedsocException m) {
            return m;
        }
        SQLException sql = sqlCause(e);
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
            if (sql.getSQLState().equals("23505")) {
                return new MedsocException(DatabaseErrorCode.DUPLICATE_KEY, what + " already exists", e);
            }
            return new MedsocException(DatabaseErrorCode.STATEMENT_FAILED,
                    what + " violates a constraint: " + firstLine(sql.getMessage()), e);
        }
        return new MedsocException(DatabaseErrorCode.STATEMENT_FAILED,
                what + " failed: " + rootMessage(e), e);
    }

    private static @org.jspecify.annotations.Nullable SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return firstLine(String.valueOf(t.getMessage()));
    }

    private static String firstLine(@org.jspecify.annotations.Nullable String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    @Override
    public void close() {
        pool.close();
        if (config.dialect() == Dialect.H2) {
            H2Recovery.afterClose(config);
        }
    }

    @Override
    public String toString() {
        return "Database[" + config.dialect().name().toLowerCase(Locale.ROOT) + "]";
    }
}
